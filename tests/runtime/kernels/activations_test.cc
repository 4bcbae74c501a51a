// Relu, Clip, LeakyRelu, Elu, Selu, Sigmoid, Tanh, HardSigmoid, HardSwish, Softplus: hand-computed
// cases, attributes and their defaults, random inputs against direct formulas (in double), and
// the stability of Sigmoid/Softplus for large |x|.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

// Runs `op` with `attrs` on random values in [-8, 8) and compares with f evaluated in double.
void check_random(OpType op, const Attributes& attrs, const std::function<double(double)>& f) {
  auto x = random_floats(64, 7, -8.f, 8.f);
  auto out = run_kernel(op, attrs, {make_tensor({4, 16}, x)});
  ASSERT_EQ(out.size(), 1u) << op_name(op);
  ASSERT_EQ(out[0].shape, (Shape{4, 16}));
  std::vector<float> expected(x.size());
  for (size_t i = 0; i < x.size(); ++i) expected[i] = static_cast<float>(f(x[i]));
  expect_near(out[0].values<float>(), expected, 1e-5f, 1e-6f);
}

Attributes attrs_of(std::initializer_list<std::pair<const char*, float>> values) {
  Attributes attrs;
  for (const auto& [name, value] : values) attrs.set(name, value);
  return attrs;
}

TEST(Activations, RandomAgainstFormulas) {
  check_random(OpType::kRelu, {}, [](double x) { return x > 0 ? x : 0; });
  check_random(OpType::kLeakyRelu, {}, [](double x) { return x > 0 ? x : 0.01 * x; });
  check_random(OpType::kLeakyRelu, attrs_of({{"alpha", 0.3f}}),
               [](double x) { return x > 0 ? x : 0.3 * x; });
  check_random(OpType::kElu, {}, [](double x) { return x > 0 ? x : std::exp(x) - 1; });
  check_random(OpType::kElu, attrs_of({{"alpha", 2.f}}),
               [](double x) { return x > 0 ? x : 2 * (std::exp(x) - 1); });
  const double a = 1.67326319217681884765625, g = 1.05070102214813232421875;
  check_random(OpType::kSelu, {}, [&](double x) { return g * (x > 0 ? x : a * std::exp(x) - a); });
  check_random(OpType::kSelu, attrs_of({{"alpha", 2.f}, {"gamma", 3.f}}),
               [](double x) { return 3 * (x > 0 ? x : 2 * std::exp(x) - 2); });
  check_random(OpType::kSigmoid, {}, [](double x) { return 1 / (1 + std::exp(-x)); });
  check_random(OpType::kTanh, {}, [](double x) { return std::tanh(x); });
  check_random(OpType::kHardSigmoid, {},
               [](double x) { return std::fmax(0, std::fmin(1, 0.2 * x + 0.5)); });
  check_random(OpType::kHardSigmoid, attrs_of({{"alpha", 0.5f}, {"beta", 0.25f}}),
               [](double x) { return std::fmax(0, std::fmin(1, 0.5 * x + 0.25)); });
  check_random(OpType::kHardSwish, {},
               [](double x) { return x * std::fmax(0, std::fmin(1, x / 6 + 0.5)); });
  check_random(OpType::kSoftplus, {}, [](double x) { return std::log(1 + std::exp(x)); });
}

TEST(Activations, HandComputed) {
  auto x = make_tensor<float>({5}, {-3, -1, 0, 1, 3});
  EXPECT_EQ(run_kernel(OpType::kRelu, {}, {x})[0].values<float>(),
            (std::vector<float>{0, 0, 0, 1, 3}));
  expect_near(run_kernel(OpType::kHardSwish, {}, {x})[0].values<float>(),
              {0, -1.f / 3, 0, 2.f / 3, 3});
  expect_near(run_kernel(OpType::kHardSigmoid, {}, {x})[0].values<float>(),
              {0, 0.3f, 0.5f, 0.7f, 1});
  auto ints = make_tensor<int64_t>({3}, {-2, 0, 5});
  EXPECT_EQ(run_kernel(OpType::kRelu, {}, {ints})[0].values<int64_t>(),
            (std::vector<int64_t>{0, 0, 5}));
}

TEST(Activations, SigmoidAndSoftplusAreStableForLargeInputs) {
  auto x = make_tensor<float>({4}, {-1000, -100, 100, 1000});
  auto sigmoid = run_kernel(OpType::kSigmoid, {}, {x})[0].values<float>();
  EXPECT_EQ(sigmoid[0], 0.f);
  EXPECT_GT(sigmoid[1], 0.f);  // e^-100 / (1 + e^-100) is a float denormal, not 0
  EXPECT_LT(sigmoid[1], 1e-30f);
  EXPECT_EQ(sigmoid[2], 1.f);
  EXPECT_EQ(sigmoid[3], 1.f);
  auto softplus = run_kernel(OpType::kSoftplus, {}, {x})[0].values<float>();
  EXPECT_EQ(softplus[0], 0.f);
  EXPECT_EQ(softplus[2], 100.f);
  EXPECT_EQ(softplus[3], 1000.f);
  for (float v : softplus) EXPECT_FALSE(std::isnan(v) || std::isinf(v));
}

TEST(Clip, BoundsFromAttributesOrInputs) {
  auto x = make_tensor<float>({5}, {-3, -1, 0, 1, 3});
  EXPECT_EQ(
      run_kernel(OpType::kClip, attrs_of({{"min", -1.5f}, {"max", 2.f}}), {x})[0].values<float>(),
      (std::vector<float>{-1.5f, -1, 0, 1, 2}));
  auto lo = make_tensor<float>({}, {0.f});
  auto hi = make_tensor<float>({1}, {6.f});
  EXPECT_EQ(run_kernel(OpType::kClip, {}, {x, lo, hi})[0].values<float>(),
            (std::vector<float>{0, 0, 0, 1, 3}));
  // Only max given: min is absent.
  EXPECT_EQ(run_kernel(OpType::kClip, {}, {x, TestTensor{}, make_tensor<float>({}, {0.5f})})[0]
                .values<float>(),
            (std::vector<float>{-3, -1, 0, 0.5f, 0.5f}));
  // No bounds: identity. min > max: everything becomes max.
  EXPECT_EQ(run_kernel(OpType::kClip, {}, {x})[0].values<float>(), x.values<float>());
  EXPECT_EQ(run_kernel(OpType::kClip, {},
                       {x, make_tensor<float>({}, {2}), make_tensor<float>({}, {1})})[0]
                .values<float>(),
            (std::vector<float>(5, 1.f)));
}

TEST(Clip, IntegersTakeBoundsFromInputs) {
  auto x = make_tensor<int8_t>({4}, {-128, -5, 5, 127});
  auto lo = make_tensor<int8_t>({}, {-10});
  auto hi = make_tensor<int8_t>({}, {3});
  EXPECT_EQ(run_kernel(OpType::kClip, {}, {x, lo, hi})[0].values<int8_t>(),
            (std::vector<int8_t>{-10, -5, 3, 3}));
  EXPECT_EQ(run_kernel(OpType::kClip, {}, {x})[0].values<int8_t>(), x.values<int8_t>());
  auto y = make_tensor<int64_t>({2}, {-7, 7});
  EXPECT_EQ(run_kernel(OpType::kClip, {}, {y, TestTensor{}, make_tensor<int64_t>({}, {0})})[0]
                .values<int64_t>(),
            (std::vector<int64_t>{-7, 0}));
}

TEST(Activations, RejectBadInput) {
  auto i = make_tensor<int32_t>({1}, {1});
  EXPECT_EQ(kernel_status(OpType::kSigmoid, {}, {i}).code(), StatusCode::kUnimplemented);
  Attributes bad_alpha;
  bad_alpha.set("alpha", std::string("big"));
  Status status = kernel_status(OpType::kLeakyRelu, bad_alpha, {make_tensor<float>({1}, {1})});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("alpha"), std::string::npos) << status.message();
  auto x = make_tensor<float>({2}, {1, 2});
  EXPECT_EQ(kernel_status(OpType::kClip, {}, {x, make_tensor<float>({2}, {0, 1})}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kClip, {}, {x, make_tensor<int32_t>({}, {0})}).code(),
            StatusCode::kInvalidArgument);
  TestTensor half{DType::kF16, Shape{1}, {0, 0}};
  EXPECT_EQ(kernel_status(OpType::kClip, {}, {half}).code(), StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kClip, attrs_of({{"min", 0.f}}), {i}).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
