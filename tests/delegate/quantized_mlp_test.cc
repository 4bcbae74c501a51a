// A float MLP (Gemm -> Relu -> MatMul + Add -> Relu -> Gemm) quantized in-process with the
// w8a8_dynamic and w4a8 presets, fused (fuse_dynamic_quantized_linear) and lowered with the
// XNNPACK delegate: the whole program is ONE delegate call (own linear kernels and XNNPACK's
// clamps in one partition) and its outputs match the same fused graph run on the portable
// kernels (same int32 accumulators; float epilogue bound 2e-6 relative plus 1e-6 absolute).
#include <iostream>

#include "ir/passes/passes.h"
#include "ir/shape_inference.h"
#include "partitioner/lower_to_program.h"
#include "quantizer/quantize_model.h"
#include "quantizer/xnnpack_quantizer.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

using quantizer::XnnpackScheme;

constexpr int64_t kBatch = 4, kIn = 64, kHidden = 96, kOut = 10;

ir::Value* weight(ir::Graph& g, const std::string& name, const Shape& shape, uint32_t seed) {
  const std::vector<float> values = random_floats(shape.numel(), seed, -0.3f, 0.3f);
  return g.add_constant(name, DType::kF32, shape,
                        ir::ConstantData::copy_of(values.data(), values.size() * sizeof(float)));
}

ir::Value* op(ir::Graph& g, OpType type, const std::string& name,
              const std::vector<ir::Value*>& inputs, Attributes attrs = {}) {
  ir::Value* out = g.add_value(name);
  g.add_node(type, name, inputs, {out}, std::move(attrs));
  return out;
}

ir::Graph float_mlp() {
  ir::Graph g;
  ir::Value* x = g.add_value("x", DType::kF32, Shape{kBatch, kIn});
  x->set_symbolic_batch(true);
  g.add_input(x);
  Attributes trans_b;
  trans_b.set("transB", int64_t{1});
  ir::Value* h =
      op(g, OpType::kGemm, "fc1",
         {x, weight(g, "w1", {kHidden, kIn}, 1), weight(g, "b1", {kHidden}, 2)}, trans_b);
  h = op(g, OpType::kRelu, "relu1", {h});
  h = op(g, OpType::kMatMul, "fc2", {h, weight(g, "w2", {kHidden, kIn}, 3)});
  h = op(g, OpType::kAdd, "fc2_bias", {h, weight(g, "b2", {kIn}, 4)});
  h = op(g, OpType::kRelu, "relu2", {h});
  h = op(g, OpType::kGemm, "fc3", {h, weight(g, "w3", {kOut, kIn}, 5), weight(g, "b3", {kOut}, 6)},
         trans_b);
  g.add_output(h);
  EXPECT_TRUE(ir::infer_shapes(g).ok());
  return g;
}

std::shared_ptr<const runtime::Program> load(const std::vector<uint8_t>& bytes) {
  auto program = runtime::Program::load_buffer(bytes);
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  return program.ok() ? *program : nullptr;
}

std::vector<float> run_program(std::shared_ptr<const runtime::Program> program,
                               const TestTensor& x) {
  auto method = runtime::Method::create(std::move(program));
  EXPECT_TRUE(method.ok()) << method.status().to_string();
  if (!method.ok()) return {};
  Status status = (*method)->set_input(0, x.view());
  EXPECT_TRUE(status.ok()) << status.to_string();
  status = (*method)->execute();
  EXPECT_TRUE(status.ok()) << status.to_string();
  const TensorView out = (*method)->output(0);
  const float* data = out.data_as<const float>();
  return data == nullptr ? std::vector<float>() : std::vector<float>(data, data + out.numel());
}

size_t quantize_and_check(XnnpackScheme scheme, int group_size) {
  SCOPED_TRACE(quantizer::xnnpack_scheme_name(scheme));
  quantizer::XnnpackPresetOptions options;
  options.group_size = group_size;
  auto quantizer = quantizer::XnnpackQuantizer::from_preset(scheme, options);
  EXPECT_TRUE(quantizer.ok()) << quantizer.status().to_string();
  if (!quantizer.ok()) return 0;
  quantizer::InMemoryBatchSource no_batches;  // dynamic activations need no calibration
  auto calibrated = quantizer::calibrate_model(float_mlp(), *quantizer, no_batches);
  EXPECT_TRUE(calibrated.ok()) << calibrated.status().to_string();
  if (!calibrated.ok()) return 0;
  auto qdq = quantizer::convert_model(*calibrated);
  EXPECT_TRUE(qdq.ok()) << qdq.status().to_string();
  if (!qdq.ok()) return 0;
  Status fused = ir::fuse_dynamic_quantized_linear(*qdq);
  EXPECT_TRUE(fused.ok()) << fused.to_string();
  int linears = 0;
  for (const ir::Node* node : qdq->nodes()) linears += node->op() == OpType::kDynamicQuantizeMatMul;
  EXPECT_EQ(linears, 3);

  xnnpack::XnnpackLowering xnnpack_lowering;
  partitioner::LoweringOptions lowering;
  lowering.delegates.push_back(&xnnpack_lowering);
  auto delegated = partitioner::lower_to_program(*qdq, lowering);
  auto portable = partitioner::lower_to_program(*qdq);
  EXPECT_TRUE(delegated.ok()) << delegated.status().to_string();
  EXPECT_TRUE(portable.ok()) << portable.status().to_string();
  if (!delegated.ok() || !portable.ok()) return 0;
  auto delegated_program = load(*delegated);
  if (delegated_program == nullptr) return 0;
  const auto& instructions = delegated_program->instructions();
  EXPECT_EQ(instructions.size(), 1u);
  EXPECT_EQ(instructions[0].kind, runtime::InstructionKind::kDelegateCall);
  for (int64_t batch : {kBatch, int64_t{1}}) {
    const TestTensor x = make_tensor(Shape{batch, kIn}, random_floats(batch * kIn, 7 + batch));
    expect_near(run_program(delegated_program, x), run_program(load(*portable), x), 2e-6f, 1e-6f);
  }
  return delegated->size();
}

TEST(QuantizedMlpTest, DynamicSchemesAreOneDelegateCallMatchingPortable) {
  ASSERT_TRUE(xnnpack::register_xnnpack_backend().ok());
  xnnpack::XnnpackLowering xnnpack_lowering;
  partitioner::LoweringOptions lowering;
  lowering.delegates.push_back(&xnnpack_lowering);
  auto fp32 = partitioner::lower_to_program(float_mlp(), lowering);
  ASSERT_TRUE(fp32.ok()) << fp32.status().to_string();
  const size_t w8a8_dynamic = quantize_and_check(XnnpackScheme::kW8A8Dynamic, 32);
  const size_t w4a8 = quantize_and_check(XnnpackScheme::kW4A8, 64);  // K 96: groups 64 + 32
  std::cout << "program bytes: fp32 " << fp32->size() << ", w8a8_dynamic " << w8a8_dynamic
            << ", w4a8 " << w4a8 << "\n";
  EXPECT_LT(w8a8_dynamic, fp32->size() / 2);
  EXPECT_LT(w4a8, w8a8_dynamic);
}

}  // namespace
}  // namespace edgeq::testing
