// QLinearMatMul through the XNNPACK delegate vs the portable QLinearMatMul kernel, byte for byte:
// per-tensor int8 and uint8 weights as a quantized fully connected layer (2-D and 3-D left sides,
// with and without the int32 bias, with an output range), and per-column int8 weights as a 1x1
// qcint8 convolution between two reshapes. Plus the refusals.
#include "tests/delegate/quantized_case.h"

namespace edgeq::testing {
namespace {

struct MatMulSpec {
  Shape a = {5, 24};
  int64_t n = 10;
  bool per_column = false;
  DType dtype = DType::kI8;
  DType b_dtype = DType::kUndefined;  // a's dtype when undefined
  int b_zero_point = 0;
  bool bias = true;
};

ir::Value* add_qmatmul(QuantizedCase& q, const MatMulSpec& k, Attributes attrs = {}) {
  const int shift = k.dtype == DType::kI8 ? 0 : 128;
  const int64_t depth = k.a[k.a.rank() - 1];
  const DType b_dtype = k.b_dtype == DType::kUndefined ? k.dtype : k.b_dtype;
  std::vector<float> b_scales(k.per_column ? k.n : 1);
  for (float& s : b_scales) s = q.random_scale(0.002f, 0.05f);
  std::vector<ir::Value*> inputs = {q.codes_input(k.a, k.dtype),
                                    q.scale(q.random_scale(0.002f, 0.05f)),
                                    q.zero_point(q.random_int(-60, 60) + shift, k.dtype),
                                    q.codes_constant({depth, k.n}, b_dtype),
                                    k.per_column ? q.scales(b_scales) : q.scale(b_scales[0]),
                                    q.zero_point(k.b_zero_point, b_dtype),
                                    q.scale(q.random_scale(0.01f, 0.2f)),
                                    q.zero_point(q.random_int(-30, 30) + shift, k.dtype)};
  if (k.bias) inputs.push_back(q.random_bias(k.n));
  return q.node(OpType::kQLinearMatMul, inputs, attrs);
}

void expect_matmul_bit_exact(const MatMulSpec& spec, Attributes attrs = {}) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    QuantizedCase q(seed);
    add_qmatmul(q, spec, attrs);
    expect_delegate_bit_exact(q);
  }
}

TEST(QLinearMatMulDelegateTest, PerTensorAsFullyConnected) {
  expect_matmul_bit_exact({});
  MatMulSpec batched;
  batched.a = {2, 3, 17};
  batched.bias = false;
  expect_matmul_bit_exact(batched);
  MatMulSpec unsigned_weights;
  unsigned_weights.dtype = DType::kU8;
  unsigned_weights.b_zero_point = 121;
  expect_matmul_bit_exact(unsigned_weights);
  MatMulSpec signed_weights = unsigned_weights;  // uint8 a, int8 b: re-coded as uint8
  signed_weights.b_dtype = DType::kI8;
  signed_weights.b_zero_point = -3;
  expect_matmul_bit_exact(signed_weights);
}

TEST(QLinearMatMulDelegateTest, PerColumnAsOneByOneConvolution) {
  MatMulSpec spec;
  spec.per_column = true;
  expect_matmul_bit_exact(spec);
  spec.a = {2, 3, 17};
  expect_matmul_bit_exact(spec);
  spec.a = {9};
  spec.bias = false;
  expect_matmul_bit_exact(spec);
}

TEST(QLinearMatMulDelegateTest, OutputRange) {
  Attributes attrs;
  attrs.set("output_min", int64_t{-5});
  attrs.set("output_max", int64_t{40});
  expect_matmul_bit_exact({}, attrs);
  MatMulSpec per_column;
  per_column.per_column = true;
  expect_matmul_bit_exact(per_column, attrs);
}

TEST(QLinearMatMulDelegateTest, RefusalsSayWhy) {
  QuantizedCase big;
  big.node(OpType::kQLinearMatMul,
           {big.codes_input({2, 8}), big.scale(1.f), big.zero_point(0), big.codes_constant({8, 3}),
            big.scale(4.f), big.zero_point(0), big.scale(0.0125f), big.zero_point(0)});
  EXPECT_EQ(last_node_refusal(big),
            "QLinearMatMul: requantization multiplier 320 >= 256 is not supported by XNNPACK "
            "2022");
  QuantizedCase nhwc;
  nhwc.node(OpType::kQLinearMatMul,
            {nhwc.codes_input({1, 2, 3, 8}), nhwc.scale(0.1f), nhwc.zero_point(0),
             nhwc.codes_constant({8, 3}), nhwc.scale(0.1f), nhwc.zero_point(0), nhwc.scale(0.1f),
             nhwc.zero_point(0)});
  EXPECT_EQ(last_node_refusal(nhwc), "QLinearMatMul: a 4-D left side is NHWC inside the delegate");
  QuantizedCase variable_b;
  variable_b.node(OpType::kQLinearMatMul,
                  {variable_b.codes_input({2, 8}), variable_b.scale(0.1f), variable_b.zero_point(0),
                   variable_b.codes_input({8, 3}), variable_b.scale(0.1f), variable_b.zero_point(0),
                   variable_b.scale(0.1f), variable_b.zero_point(0)});
  EXPECT_EQ(last_node_refusal(variable_b),
            "QLinearMatMul: b must be a constant 2-D int8/uint8 matrix (XNNPACK's weights)");
}

}  // namespace
}  // namespace edgeq::testing
