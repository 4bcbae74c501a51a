// DynamicQuantizeMatMul's portable kernel: (1) bit-exact against the documented arithmetic
// (activations from the DynamicQuantize kernel, int64 accumulation, the stated float steps);
// (2) against a straightforward double computation (dequantized activations times dequantized
// weights) within 8 float epsilons of the sum of the absolute products plus |bias|; rejected
// operands.
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "tests/runtime/kernels/dynamic_quantize_matmul_case.h"

namespace edgeq::testing {
namespace {

struct QuantizedActivations {
  std::vector<int8_t> q;
  std::vector<float> scale;
  std::vector<int8_t> zero_point;
};

QuantizedActivations quantize_per_token(const TestTensor& a) {
  Attributes attrs;
  attrs.set("dtype", std::string("i8"));
  attrs.set("granularity", std::string("per_token"));
  std::vector<TestTensor> out = run_kernel(OpType::kDynamicQuantize, attrs, {a}, 3);
  return {out[0].values<int8_t>(), out[1].values<float>(), out[2].values<int8_t>()};
}

// The op's arithmetic as its header states it.
std::vector<float> documented_result(const DynamicMatMulCase& c) {
  const QuantizedActivations act = quantize_per_token(c.a);
  const int64_t k_dim = c.k(), n_dim = c.n(), rows = c.a.shape.numel() / k_dim;
  const int64_t block = c.block_size > 0 ? c.block_size : k_dim;
  const std::vector<float> bias = c.bias.values<float>();
  std::vector<float> y(static_cast<size_t>(rows * n_dim));
  for (int64_t m = 0; m < rows; ++m) {
    for (int64_t n = 0; n < n_dim; ++n) {
      float f = 0.f;
      for (int64_t g0 = 0; g0 < k_dim; g0 += block) {
        int64_t acc = 0;
        for (int64_t k = g0; k < std::min(k_dim, g0 + block); ++k) {
          acc += (int64_t{act.q[m * k_dim + k]} - act.zero_point[m]) * c.weight(k, n);
        }
        if (c.block_size > 0) {
          f = f + static_cast<float>(acc) * c.weight_scale(g0, n);
        } else {
          f = static_cast<float>(acc) * (act.scale[m] * c.weight_scale(0, n));
        }
      }
      if (c.block_size > 0) f = f * act.scale[m];
      y[m * n_dim + n] = f + (bias.empty() ? 0.f : bias[n]);
    }
  }
  return y;
}

void expect_matches_references(const DynamicMatMulCase& c) {
  std::vector<TestTensor> out = run_kernel(OpType::kDynamicQuantizeMatMul, c.attrs(), c.inputs());
  ASSERT_EQ(out.size(), 1u);
  Shape expected_shape = c.a.shape;
  expected_shape[expected_shape.rank() - 1] = c.n();
  ASSERT_EQ(out[0].shape, expected_shape);
  const std::vector<float> y = out[0].values<float>();
  const std::vector<float> documented = documented_result(c);
  for (size_t i = 0; i < y.size(); ++i) ASSERT_EQ(y[i], documented[i]) << "element " << i;

  const QuantizedActivations act = quantize_per_token(c.a);
  const std::vector<float> bias = c.bias.values<float>();
  const int64_t k_dim = c.k(), n_dim = c.n(), rows = c.a.shape.numel() / k_dim;
  double worst = 0.0;
  for (int64_t m = 0; m < rows; ++m) {
    for (int64_t n = 0; n < n_dim; ++n) {
      double sum = bias.empty() ? 0.0 : bias[n];
      double magnitude = std::fabs(sum);
      for (int64_t k = 0; k < k_dim; ++k) {
        const double x =
            (static_cast<double>(act.q[m * k_dim + k]) - act.zero_point[m]) * act.scale[m];
        const double w = double{static_cast<float>(c.weight(k, n))} * c.weight_scale(k, n);
        sum += x * w;
        magnitude += std::fabs(x * w);
      }
      const double error = std::fabs(y[m * n_dim + n] - sum);
      ASSERT_LE(error, 8.0 * FLT_EPSILON * magnitude) << "row " << m << " column " << n;
      worst = std::max(worst, error / std::max(magnitude, 1e-30));
    }
  }
  char text[32];
  std::snprintf(text, sizeof(text), "%.3g", worst);
  ::testing::Test::RecordProperty("worst_error_over_magnitude", text);
}

TEST(DynamicQuantizeMatMulTest, Int8PerColumnMatchesReferences) {
  expect_matches_references(make_dynamic_matmul_case({5, 37}, 19, DType::kI8, 0, true, 1));
  expect_matches_references(make_dynamic_matmul_case({1, 64}, 16, DType::kI8, 0, false, 2));
}

TEST(DynamicQuantizeMatMulTest, Int8PerTensorMatchesReferences) {
  expect_matches_references(
      make_dynamic_matmul_case({3, 20}, 7, DType::kI8, 0, true, 3, /*per_tensor=*/true));
}

TEST(DynamicQuantizeMatMulTest, Int4GroupsWithShortLastGroupMatchReferences) {
  expect_matches_references(make_dynamic_matmul_case({4, 100}, 21, DType::kI4, 32, true, 4));
  expect_matches_references(make_dynamic_matmul_case({1, 64}, 3, DType::kI4, 64, false, 5));
}

TEST(DynamicQuantizeMatMulTest, ThreeDimensionalInputKeepsLeadingDims) {
  expect_matches_references(make_dynamic_matmul_case({2, 3, 40}, 9, DType::kI4, 32, true, 6));
  expect_matches_references(make_dynamic_matmul_case({2, 1, 33}, 5, DType::kI8, 0, true, 7));
}

TEST(DynamicQuantizeMatMulTest, ZeroPointOfZeroIsAccepted) {
  DynamicMatMulCase c = make_dynamic_matmul_case({2, 16}, 4, DType::kI8, 0, true, 8);
  const TestTensor zero{DType::kI8, Shape{4}, std::vector<uint8_t>(4, 0)};
  std::vector<TestTensor> with_zero = {c.a, c.b, c.scale, zero, c.bias};
  EXPECT_EQ(run_kernel(OpType::kDynamicQuantizeMatMul, c.attrs(), with_zero)[0].bytes,
            run_kernel(OpType::kDynamicQuantizeMatMul, c.attrs(), c.inputs())[0].bytes);
}

TEST(DynamicQuantizeMatMulTest, RejectsBadOperands) {
  DynamicMatMulCase c = make_dynamic_matmul_case({2, 16}, 4, DType::kI8, 0, true, 9);
  const TestTensor nonzero{DType::kI8, Shape{4}, std::vector<uint8_t>{0, 1, 0, 0}};
  Status status = kernel_status(OpType::kDynamicQuantizeMatMul, c.attrs(),
                                {c.a, c.b, c.scale, nonzero, c.bias});
  EXPECT_EQ(status.code(), StatusCode::kUnimplemented) << status.to_string();
  EXPECT_NE(status.to_string().find("symmetric"), std::string::npos);

  const TestTensor wrong_k = make_tensor(Shape{2, 15}, random_floats(30, 1));
  status = kernel_status(OpType::kDynamicQuantizeMatMul, c.attrs(), {wrong_k, c.b, c.scale});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.to_string();

  const TestTensor wrong_scale = make_tensor(Shape{3}, std::vector<float>{1, 1, 1});
  status = kernel_status(OpType::kDynamicQuantizeMatMul, c.attrs(), {c.a, c.b, wrong_scale});
  EXPECT_NE(status.to_string().find("b_scale"), std::string::npos) << status.to_string();

  Attributes grouped;
  grouped.set("block_size", int64_t{8});
  status = kernel_status(OpType::kDynamicQuantizeMatMul, grouped, {c.a, c.b, c.scale});
  EXPECT_NE(status.to_string().find("[2, 4]"), std::string::npos) << status.to_string();

  const TestTensor wrong_bias = make_tensor(Shape{5}, random_floats(5, 2));
  status = kernel_status(OpType::kDynamicQuantizeMatMul, c.attrs(),
                         {c.a, c.b, c.scale, TestTensor{}, wrong_bias});
  EXPECT_NE(status.to_string().find("bias"), std::string::npos) << status.to_string();

  std::vector<float> with_nan = c.a.values<float>();
  with_nan[5] = NAN;
  status = kernel_status(OpType::kDynamicQuantizeMatMul, c.attrs(),
                         {make_tensor(c.a.shape, with_nan), c.b, c.scale});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.to_string();
  EXPECT_NE(status.to_string().find("input A"), std::string::npos) << status.to_string();
}

}  // namespace
}  // namespace edgeq::testing
