// Trigonometric and hyperbolic ops, Sign, Round, IsNaN, IsInf, Softsign, ThresholdedRelu, Shrink
// and Celu: random inputs against the C library or a per-element reference, hand-checked cases
// (round half to even, IsInf's detect flags, Shrink's bias) and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Runs `op` with `attrs` on random values in [lo, hi) of shape [4, 5] and compares with f.
void check_random(OpType op, const Attributes& attrs, const std::function<float(float)>& f,
                  float lo, float hi) {
  auto x = random_floats(20, static_cast<uint32_t>(op) + 7, lo, hi);
  auto out = run_kernel(op, attrs, {make_tensor({4, 5}, x)});
  ASSERT_EQ(out.size(), 1u) << op_name(op);
  EXPECT_EQ(out[0].dtype, DType::kF32) << op_name(op);
  EXPECT_EQ(out[0].shape, (Shape{4, 5})) << op_name(op);
  std::vector<float> expected(x.size());
  for (size_t i = 0; i < x.size(); ++i) expected[i] = f(x[i]);
  SCOPED_TRACE(op_name(op));
  expect_near(out[0].values<float>(), expected);
}

TEST(MathUnary, TrigonometricAndHyperbolicAgainstTheCLibrary) {
  using F = float (*)(float);
  check_random(OpType::kSin, {}, static_cast<F>(std::sin), -6, 6);
  check_random(OpType::kCos, {}, static_cast<F>(std::cos), -6, 6);
  check_random(OpType::kTan, {}, static_cast<F>(std::tan), -1.4f, 1.4f);
  check_random(OpType::kAsin, {}, static_cast<F>(std::asin), -1, 1);
  check_random(OpType::kAcos, {}, static_cast<F>(std::acos), -1, 1);
  check_random(OpType::kAtan, {}, static_cast<F>(std::atan), -9, 9);
  check_random(OpType::kSinh, {}, static_cast<F>(std::sinh), -4, 4);
  check_random(OpType::kCosh, {}, static_cast<F>(std::cosh), -4, 4);
  check_random(OpType::kAsinh, {}, static_cast<F>(std::asinh), -9, 9);
  check_random(OpType::kAcosh, {}, static_cast<F>(std::acosh), 1, 9);
  check_random(OpType::kAtanh, {}, static_cast<F>(std::atanh), -0.99f, 0.99f);
}

TEST(MathUnary, HandCheckedTrigValues) {
  auto x = make_tensor<float>({3}, {0.f, 1.f, 2.f});
  expect_near(run_kernel(OpType::kSin, {}, {x})[0].values<float>(), {0.f, 0.841471f, 0.909297f});
  expect_near(run_kernel(OpType::kCos, {}, {x})[0].values<float>(), {1.f, 0.540302f, -0.416147f});
  EXPECT_TRUE(std::isnan(run_kernel(OpType::kAsin, {}, {x})[0].values<float>()[2]));
  EXPECT_TRUE(std::isnan(run_kernel(OpType::kAcosh, {}, {x})[0].values<float>()[0]));
}

TEST(MathUnary, ActivationsAgainstReference) {
  check_random(
      OpType::kSoftsign, {}, [](float v) { return v / (1 + std::fabs(v)); }, -5, 5);
  Attributes threshold;
  threshold.set("alpha", 0.3f);
  check_random(
      OpType::kThresholdedRelu, threshold, [](float v) { return v > 0.3f ? v : 0.f; }, -2, 2);
  check_random(
      OpType::kThresholdedRelu, {}, [](float v) { return v > 1.f ? v : 0.f; }, -3, 3);
  Attributes celu;
  celu.set("alpha", 2.f);
  check_random(
      OpType::kCelu, celu,
      [](float v) { return std::max(0.f, v) + std::min(0.f, 2.f * (std::exp(v / 2.f) - 1.f)); }, -4,
      4);
}

TEST(MathUnary, ShrinkWithBiasAndLambda) {
  auto x = make_tensor<float>({5}, {-2.f, -1.f, 0.f, 1.f, 2.f});
  Attributes attrs;
  attrs.set("bias", 1.5f);
  attrs.set("lambd", 1.5f);
  EXPECT_EQ(run_kernel(OpType::kShrink, attrs, {x})[0].values<float>(),
            (std::vector<float>{-0.5f, 0.f, 0.f, 0.f, 0.5f}));
  // Defaults: bias 0, lambd 0.5.
  auto y = make_tensor<float>({4}, {-0.6f, -0.5f, 0.5f, 0.7f});
  EXPECT_EQ(run_kernel(OpType::kShrink, {}, {y})[0].values<float>(),
            (std::vector<float>{-0.6f, 0.f, 0.f, 0.7f}));
}

TEST(MathUnary, RoundHalvesToEven) {
  auto x = make_tensor<float>({10}, {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 0.4f, 0.6f, -2.6f, 3.f, -0.f});
  EXPECT_EQ(run_kernel(OpType::kRound, {}, {x})[0].values<float>(),
            (std::vector<float>{0.f, 2.f, 2.f, -0.f, -2.f, 0.f, 1.f, -3.f, 3.f, -0.f}));
}

TEST(MathUnary, SignOfFloatsAndIntegers) {
  auto f = run_kernel(OpType::kSign, {}, {make_tensor<float>({4}, {-3.5f, 0.f, 2.f, kNaN})})[0];
  auto values = f.values<float>();
  EXPECT_EQ(values[0], -1.f);
  EXPECT_EQ(values[1], 0.f);
  EXPECT_EQ(values[2], 1.f);
  EXPECT_TRUE(std::isnan(values[3]));
  auto i = run_kernel(OpType::kSign, {}, {make_tensor<int32_t>({3}, {-7, 0, 9})})[0];
  EXPECT_EQ(i.values<int32_t>(), (std::vector<int32_t>{-1, 0, 1}));
  auto u = run_kernel(OpType::kSign, {}, {make_tensor<uint8_t>({2}, {0, 200})})[0];
  EXPECT_EQ(u.values<uint8_t>(), (std::vector<uint8_t>{0, 1}));
}

TEST(MathUnary, IsNaNAndIsInfWriteBool) {
  auto x = make_tensor<float>({5}, {1.f, kNaN, kInf, -kInf, 0.f});
  auto nan = run_kernel(OpType::kIsNaN, {}, {x})[0];
  EXPECT_EQ(nan.dtype, DType::kBool);
  EXPECT_EQ(nan.values<uint8_t>(), (std::vector<uint8_t>{0, 1, 0, 0, 0}));
  auto inf = run_kernel(OpType::kIsInf, {}, {x})[0];
  EXPECT_EQ(inf.dtype, DType::kBool);
  EXPECT_EQ(inf.values<uint8_t>(), (std::vector<uint8_t>{0, 0, 1, 1, 0}));
  Attributes positive_only;
  positive_only.set("detect_negative", int64_t{0});
  EXPECT_EQ(run_kernel(OpType::kIsInf, positive_only, {x})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 0, 1, 0, 0}));
  Attributes negative_only;
  negative_only.set("detect_positive", int64_t{0});
  EXPECT_EQ(run_kernel(OpType::kIsInf, negative_only, {x})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 0, 0, 1, 0}));
}

TEST(MathUnary, BadInput) {
  auto ints = make_tensor<int32_t>({2}, {1, 2});
  EXPECT_EQ(kernel_status(OpType::kSin, {}, {ints}).code(), StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kIsNaN, {}, {ints}).code(), StatusCode::kUnimplemented);
  Attributes zero_alpha;
  zero_alpha.set("alpha", 0.f);
  auto x = make_tensor<float>({1}, {1.f});
  Status status = kernel_status(OpType::kCelu, zero_alpha, {x});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.to_string().find("alpha"), std::string::npos) << status.to_string();
  Attributes wrong_type;
  wrong_type.set("alpha", std::string("big"));
  EXPECT_FALSE(kernel_status(OpType::kThresholdedRelu, wrong_type, {x}).ok());
}

}  // namespace
}  // namespace edgeq::testing
