// Abs, Neg, Floor, Ceil, Sqrt, Reciprocal, Exp, Log, Erf, Not: hand-computed cases, random inputs
// against the C library, integer dtypes, rank 0 and empty tensors, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

// Runs `op` on random values in [lo, hi) of shape [3, 7] and compares with f.
void check_random_f32(OpType op, float (*f)(float), float lo, float hi) {
  auto x = random_floats(21, static_cast<uint32_t>(op) + 1, lo, hi);
  auto out = run_kernel(op, {}, {make_tensor({3, 7}, x)});
  ASSERT_EQ(out.size(), 1u) << op_name(op);
  EXPECT_EQ(out[0].shape, (Shape{3, 7}));
  std::vector<float> expected(x.size());
  for (size_t i = 0; i < x.size(); ++i) expected[i] = f(x[i]);
  expect_near(out[0].values<float>(), expected);
}

TEST(ElementwiseUnary, RandomF32AgainstTheCLibrary) {
  check_random_f32(
      OpType::kAbs, [](float v) { return std::fabs(v); }, -5, 5);
  check_random_f32(
      OpType::kNeg, [](float v) { return -v; }, -5, 5);
  check_random_f32(
      OpType::kFloor, [](float v) { return std::floor(v); }, -5, 5);
  check_random_f32(
      OpType::kCeil, [](float v) { return std::ceil(v); }, -5, 5);
  check_random_f32(
      OpType::kSqrt, [](float v) { return std::sqrt(v); }, 0, 9);
  check_random_f32(
      OpType::kReciprocal, [](float v) { return 1 / v; }, 0.5f, 9);
  check_random_f32(
      OpType::kExp, [](float v) { return std::exp(v); }, -5, 5);
  check_random_f32(
      OpType::kLog, [](float v) { return std::log(v); }, 0.01f, 9);
  check_random_f32(
      OpType::kErf, [](float v) { return std::erf(v); }, -3, 3);
}

TEST(ElementwiseUnary, HandComputed) {
  auto x = make_tensor<float>({4}, {-1.5f, -0.5f, 0.5f, 2.f});
  EXPECT_EQ(run_kernel(OpType::kFloor, {}, {x})[0].values<float>(),
            (std::vector<float>{-2, -1, 0, 2}));
  EXPECT_EQ(run_kernel(OpType::kCeil, {}, {x})[0].values<float>(),
            (std::vector<float>{-1, -0.f, 1, 2}));
  EXPECT_EQ(run_kernel(OpType::kAbs, {}, {x})[0].values<float>(),
            (std::vector<float>{1.5f, 0.5f, 0.5f, 2}));
  EXPECT_EQ(run_kernel(OpType::kReciprocal, {}, {x})[0].values<float>(),
            (std::vector<float>{-1 / 1.5f, -2, 2, 0.5f}));
  EXPECT_TRUE(std::isnan(run_kernel(OpType::kSqrt, {}, {x})[0].values<float>()[0]));
}

TEST(ElementwiseUnary, IntegerAbsAndNegWrapLikeNumpy) {
  const int32_t lowest = std::numeric_limits<int32_t>::lowest();
  auto x = make_tensor<int32_t>({4}, {-3, 0, 5, lowest});
  EXPECT_EQ(run_kernel(OpType::kAbs, {}, {x})[0].values<int32_t>(),
            (std::vector<int32_t>{3, 0, 5, lowest}));
  EXPECT_EQ(run_kernel(OpType::kNeg, {}, {x})[0].values<int32_t>(),
            (std::vector<int32_t>{3, 0, -5, lowest}));
  auto y = make_tensor<int64_t>({2}, {-7, 8});
  EXPECT_EQ(run_kernel(OpType::kNeg, {}, {y})[0].values<int64_t>(), (std::vector<int64_t>{7, -8}));
}

TEST(ElementwiseUnary, NotNegatesBool) {
  auto out = run_kernel(OpType::kNot, {}, {make_bool_tensor({3}, {1, 0, 1})})[0];
  EXPECT_EQ(out.dtype, DType::kBool);
  EXPECT_EQ(out.values<uint8_t>(), (std::vector<uint8_t>{0, 1, 0}));
}

TEST(ElementwiseUnary, RankZeroAndEmpty) {
  auto scalar = run_kernel(OpType::kExp, {}, {make_tensor<float>({}, {0.f})})[0];
  EXPECT_EQ(scalar.shape, Shape{});
  EXPECT_EQ(scalar.values<float>(), (std::vector<float>{1.f}));
  auto empty = run_kernel(OpType::kLog, {}, {make_tensor_or_empty<float>({2, 0}, {})})[0];
  EXPECT_EQ(empty.shape, (Shape{2, 0}));
  EXPECT_TRUE(empty.bytes.empty());
}

TEST(ElementwiseUnary, RejectsBadInput) {
  auto i = make_tensor<int32_t>({1}, {1});
  Status status = kernel_status(OpType::kSqrt, {}, {i});
  EXPECT_EQ(status.code(), StatusCode::kUnimplemented);
  EXPECT_EQ(status.message(), "Sqrt: dtype i32 is not supported");
  EXPECT_EQ(kernel_status(OpType::kNot, {}, {make_tensor<float>({1}, {1})}).code(),
            StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kExp, {}, {}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kExp, {}, {TestTensor{}}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
