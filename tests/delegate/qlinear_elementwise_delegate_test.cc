// QLinearAdd, QLinearMul, QLinearGlobalAveragePool and QLinearSigmoid through the XNNPACK delegate
// vs the portable kernels, byte for byte (random parameters within XNNPACK 2022's ranges, numpy
// broadcasting, a constant scalar operand, output ranges, int8 and uint8), plus the refusals:
// scale ratios outside XNNPACK's ranges, sigmoid output parameters other than 1/256, and the ops
// XNNPACK 2022's subgraph API runs in f32 only (QLinearAveragePool, QLinearLeakyRelu).
#include "tests/delegate/quantized_case.h"

namespace edgeq::testing {
namespace {

struct BinarySpec {
  OpType op = OpType::kQLinearAdd;
  Shape a = {2, 3, 4, 5};
  Shape b = {2, 3, 4, 5};
  DType dtype = DType::kI8;
  bool constant_b = false;
};

// Scales whose ratios stay inside XNNPACK's add ([2^-10, 2^8)) and multiply ([2^-16, 2^8)) ranges.
ir::Value* add_qbinary(QuantizedCase& q, const BinarySpec& k, Attributes attrs = {}) {
  const int shift = k.dtype == DType::kI8 ? 0 : 128;
  ir::Value* a = q.codes_input(k.a, k.dtype);
  ir::Value* b = k.constant_b ? q.codes_constant(k.b, k.dtype) : q.codes_input(k.b, k.dtype);
  const float c_scale =
      k.op == OpType::kQLinearAdd ? q.random_scale(0.02f, 0.1f) : q.random_scale(0.0005f, 0.002f);
  return q.node(
      k.op,
      {a, q.scale(q.random_scale(0.01f, 0.1f)),
       q.zero_point(q.random_int(-50, 50) + shift, k.dtype), b,
       q.scale(q.random_scale(0.01f, 0.1f)), q.zero_point(q.random_int(-50, 50) + shift, k.dtype),
       q.scale(c_scale), q.zero_point(q.random_int(-20, 20) + shift, k.dtype)},
      attrs);
}

void expect_binary_bit_exact(const BinarySpec& spec, Attributes attrs = {}) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE(::testing::Message() << op_name(spec.op) << " seed " << seed);
    QuantizedCase q(seed);
    add_qbinary(q, spec, attrs);
    expect_delegate_bit_exact(q);
  }
}

TEST(QLinearElementwiseDelegateTest, AddAndMul) {
  for (OpType op : {OpType::kQLinearAdd, OpType::kQLinearMul}) {
    BinarySpec same;
    same.op = op;
    expect_binary_bit_exact(same);
    BinarySpec broadcast = same;
    broadcast.b = {1, 3, 1, 1};
    expect_binary_bit_exact(broadcast);
    BinarySpec rank2 = same;
    rank2.a = {6, 7};
    rank2.b = {7};
    rank2.dtype = DType::kU8;
    expect_binary_bit_exact(rank2);
    BinarySpec scalar = same;
    scalar.b = {1};
    scalar.constant_b = true;
    expect_binary_bit_exact(scalar);
    Attributes attrs;
    attrs.set("output_min", int64_t{-10});
    attrs.set("output_max", int64_t{30});
    expect_binary_bit_exact(same, attrs);
  }
}

ir::Value* add_unary(QuantizedCase& q, OpType op, DType dtype, float y_scale, int y_zp,
                     Attributes attrs = {}) {
  const int shift = dtype == DType::kI8 ? 0 : 128;
  return q.node(op,
                {q.codes_input({2, 6, 5, 3}, dtype), q.scale(q.random_scale(0.01f, 0.1f)),
                 q.zero_point(q.random_int(-50, 50) + shift, dtype), q.scale(y_scale),
                 q.zero_point(y_zp, dtype)},
                attrs);
}

TEST(QLinearElementwiseDelegateTest, GlobalAveragePool) {
  for (DType dtype : {DType::kI8, DType::kU8}) {
    for (uint32_t seed = 1; seed <= 4; ++seed) {
      SCOPED_TRACE(::testing::Message() << dtype_name(dtype) << " seed " << seed);
      QuantizedCase q(seed);
      Attributes attrs;
      if (seed == 4) {
        attrs.set("output_min", int64_t{dtype == DType::kI8 ? -3 : 125});
        attrs.set("output_max", int64_t{dtype == DType::kI8 ? 4 : 132});
      }
      add_unary(q, OpType::kQLinearGlobalAveragePool, dtype, q.random_scale(0.005f, 0.05f),
                q.random_int(-20, 20) + (dtype == DType::kI8 ? 0 : 128), attrs);
      expect_delegate_bit_exact(q);
    }
  }
}

TEST(QLinearElementwiseDelegateTest, Sigmoid) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    QuantizedCase q(seed);
    add_unary(q, OpType::kQLinearSigmoid, DType::kI8, 1.f / 256, -128);
    expect_delegate_bit_exact(q);
    QuantizedCase u(seed);
    add_unary(u, OpType::kQLinearSigmoid, DType::kU8, 1.f / 256, 0);
    expect_delegate_bit_exact(u);
  }
}

// The portable kernels refuse these scales too (so shape inference does); the delegate's check is
// asked directly, with the output typed by hand.
std::string binary_refusal(OpType op, float a_scale, float b_scale, float c_scale) {
  QuantizedCase q;
  ir::Value* c =
      q.node(op, {q.codes_input({4, 4}), q.scale(a_scale), q.zero_point(0), q.codes_input({4, 4}),
                  q.scale(b_scale), q.zero_point(0), q.scale(c_scale), q.zero_point(0)});
  c->set_type(DType::kI8, {4, 4});
  return refusal(q.graph, *c->producer());
}

TEST(QLinearElementwiseDelegateTest, RefusalsSayWhy) {
  EXPECT_EQ(binary_refusal(OpType::kQLinearAdd, 1.f, 0.01f, 0.001f),
            "QLinearAdd: input / output scale ratio 1000 outside [2^-10, 2^8) (XNNPACK's add "
            "range)");
  EXPECT_EQ(binary_refusal(OpType::kQLinearMul, 0.001f, 0.001f, 1.f),
            "QLinearMul: A_scale * B_scale / C_scale = 1e-06 outside [2^-16, 2^8) (XNNPACK 2022's "
            "multiply range)");
  QuantizedCase sigmoid;
  add_unary(sigmoid, OpType::kQLinearSigmoid, DType::kI8, 1.f / 128, -128);
  EXPECT_EQ(last_node_refusal(sigmoid),
            "QLinearSigmoid: output 0.0078125 / -128 (XNNPACK 2022 needs scale 1/256 and zero "
            "point -128)");
  QuantizedCase pool;
  add_unary(pool, OpType::kQLinearGlobalAveragePool, DType::kI8, 1e-4f, 0);
  EXPECT_NE(last_node_refusal(pool).find("outside [2^-8, 2^8)"), std::string::npos)
      << last_node_refusal(pool);
  QuantizedCase leaky;
  Attributes alpha;
  alpha.set("alpha", 0.25f);
  add_unary(leaky, OpType::kQLinearLeakyRelu, DType::kI8, 0.05f, 0, alpha);
  EXPECT_EQ(last_node_refusal(leaky),
            "QLinearLeakyRelu: XNNPACK 2022's leaky relu node is f32 only");
  QuantizedCase average;
  Attributes window;
  window.set("kernel_shape", std::vector<int64_t>{2, 2});
  add_unary(average, OpType::kQLinearAveragePool, DType::kI8, 0.05f, 0, window);
  EXPECT_EQ(last_node_refusal(average),
            "QLinearAveragePool: XNNPACK 2022's average pooling node is f32 only");
}

}  // namespace
}  // namespace edgeq::testing
