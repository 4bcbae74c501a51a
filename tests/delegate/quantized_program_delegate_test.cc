// Quantized graphs lowered through the partitioner into programs: a Q -> QLinearConv ->
// QLinearConv -> QLinearAdd -> QLinearGlobalAveragePool -> Flatten -> QLinearMatMul -> DQ chain is
// ONE delegate call with int8 between its nodes and its boundary Q/DQ as XNNPACK Convert nodes;
// with a node XNNPACK 2022 cannot run in the middle (QLinearLeakyRelu), the program is two delegate
// calls exchanging int8 tensors through one portable kernel (4-D, so the int8 boundary layout
// conversion runs too). Each program's outputs equal the all-portable program's byte for byte (the
// first one also after a batch change, with per-tensor and per-column fully connected weights).
// The input scale is a power of two, so the boundary quantization (XNNPACK multiplies by 1 / scale,
// the portable kernel divides) is exact.
#include "tests/delegate/quantized_case.h"

namespace edgeq::testing {
namespace {

constexpr float kInputScale = 1.f / 64;

ir::Value* qconv(QuantizedCase& q, ir::Value* x, float x_scale, int x_zp, int64_t in, int64_t out,
                 int64_t kernel, float y_scale, int y_zp) {
  Attributes attrs;
  const int64_t pad = kernel / 2;
  attrs.set("pads", std::vector<int64_t>{pad, pad, pad, pad});
  std::vector<float> w_scales(out);
  for (float& s : w_scales) s = q.random_scale(0.003f, 0.01f);
  return q.node(OpType::kQLinearConv,
                {x, q.scale(x_scale), q.zero_point(x_zp),
                 q.codes_constant({out, in, kernel, kernel}), q.scales(w_scales), q.zero_point(0),
                 q.scale(y_scale), q.zero_point(y_zp), q.random_bias(out, 2000)},
                attrs, /*output=*/false);
}

ir::Value* quantize_input(QuantizedCase& q, Shape shape, bool symbolic_batch = false) {
  return q.node(OpType::kQuantizeLinear,
                {q.input(shape, symbolic_batch), q.scale(kInputScale), q.zero_point(2)}, {},
                /*output=*/false);
}

void dequantize_output(QuantizedCase& q, ir::Value* x, float scale, int zp) {
  q.node(OpType::kDequantizeLinear, {x, q.scale(scale), q.zero_point(zp)});
}

// The delegated program's outputs equal the portable program's, byte for byte.
void expect_programs_agree(QuantizedCase& q, const runtime::Program& delegated) {
  const std::vector<TestTensor> expected = run_program(portable_program(q.graph), q.feeds);
  std::shared_ptr<const runtime::Program> program(&delegated, [](const runtime::Program*) {});
  const std::vector<TestTensor> actual = run_program(program, q.feeds);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) expect_same_codes(actual[i], expected[i]);
}

TEST(QuantizedProgramDelegateTest, ConvAddPoolFullyConnectedChainIsOneDelegateCall) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    QuantizedCase q(seed);
    ir::Value* x = quantize_input(q, {2, 3, 9, 9}, /*symbolic_batch=*/true);
    ir::Value* c1 = qconv(q, x, kInputScale, 2, 3, 8, 3, 0.05f, -5);
    ir::Value* c2 = qconv(q, c1, 0.05f, -5, 8, 8, 1, 0.04f, 3);
    ir::Value* sum = q.node(OpType::kQLinearAdd,
                            {c1, q.scale(0.05f), q.zero_point(-5), c2, q.scale(0.04f),
                             q.zero_point(3), q.scale(0.08f), q.zero_point(-1)},
                            {}, false);
    ir::Value* pooled =
        q.node(OpType::kQLinearGlobalAveragePool,
               {sum, q.scale(0.08f), q.zero_point(-1), q.scale(0.02f), q.zero_point(4)}, {}, false);
    ir::Value* flat = q.node(OpType::kFlatten, {pooled}, {}, false);
    // Seed 2: per-column weights (the 1x1 convolution path).
    ir::Value* b_scale = seed == 2 ? q.scales(std::vector<float>(10, 0.01f)) : q.scale(0.01f);
    ir::Value* fc =
        q.node(OpType::kQLinearMatMul,
               {flat, q.scale(0.02f), q.zero_point(4), q.codes_constant({8, 10}), b_scale,
                q.zero_point(0), q.scale(0.03f), q.zero_point(0), q.random_bias(10, 500)},
               {}, false);
    dequantize_output(q, fc, 0.03f, 0);
    q.finish();
    expect_all_supported(q.graph);
    auto program = delegated_program(q.graph);
    ASSERT_NE(program, nullptr);
    EXPECT_EQ(program->instructions().size(), 1u);
    EXPECT_EQ(count_delegate_calls(*program), 1u);
    expect_programs_agree(q, *program);
    // Another batch size: the delegate rebuilds its runtime for it.
    q.feeds[0] = make_tensor(Shape{5, 3, 9, 9}, random_floats(5 * 3 * 81, seed + 10));
    expect_programs_agree(q, *program);
  }
}

TEST(QuantizedProgramDelegateTest, Int8CrossesTwoDelegateCalls) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  QuantizedCase q(4);
  ir::Value* x = quantize_input(q, {1, 4, 6, 5});
  ir::Value* c1 = qconv(q, x, kInputScale, 2, 4, 6, 3, 0.05f, -5);
  Attributes alpha;
  alpha.set("alpha", 0.2f);
  ir::Value* leaky = q.node(
      OpType::kQLinearLeakyRelu,
      {c1, q.scale(0.05f), q.zero_point(-5), q.scale(0.04f), q.zero_point(-20)}, alpha, false);
  ir::Value* c2 = qconv(q, leaky, 0.04f, -20, 6, 5, 3, 0.06f, 7);
  dequantize_output(q, c2, 0.06f, 7);
  q.finish();
  auto program = delegated_program(q.graph);
  ASSERT_NE(program, nullptr);
  const auto& instructions = program->instructions();
  ASSERT_EQ(instructions.size(), 3u);
  EXPECT_EQ(instructions[0].kind, runtime::InstructionKind::kDelegateCall);
  EXPECT_EQ(instructions[1].op, OpType::kQLinearLeakyRelu);
  EXPECT_EQ(instructions[2].kind, runtime::InstructionKind::kDelegateCall);
  // The tensors between the calls and the portable kernel are int8 (no float round trip).
  for (int32_t id : {instructions[1].inputs[0], instructions[1].outputs[0]}) {
    EXPECT_EQ(program->values()[id].dtype, DType::kI8) << program->values()[id].name;
    EXPECT_EQ(program->values()[id].shape.rank(), 4);
  }
  expect_programs_agree(q, *program);
}

}  // namespace
}  // namespace edgeq::testing
