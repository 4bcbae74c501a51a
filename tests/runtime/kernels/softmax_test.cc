// Softmax and LogSoftmax: opset-13 axis semantics (contiguous and strided axes), the old
// coerce_2d semantics, numerical stability, rank 0, empty tensors and bad axes, against a
// reference in double.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

// Softmax of x viewed as [outer, n, inner] along the middle dim, in double.
std::vector<float> reference_softmax(const std::vector<float>& x, int64_t outer, int64_t n,
                                     int64_t inner, bool log) {
  std::vector<float> y(x.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < inner; ++j) {
      auto at = [&](int64_t k) { return (o * n + k) * inner + j; };
      double max = x[at(0)];
      for (int64_t k = 1; k < n; ++k) max = std::fmax(max, x[at(k)]);
      double sum = 0;
      for (int64_t k = 0; k < n; ++k) sum += std::exp(x[at(k)] - max);
      for (int64_t k = 0; k < n; ++k) {
        const double e = x[at(k)] - max;
        y[at(k)] = static_cast<float>(log ? e - std::log(sum) : std::exp(e) / sum);
      }
    }
  }
  return y;
}

Attributes axis_attrs(int64_t axis, bool coerce_2d = false) {
  Attributes attrs;
  attrs.set("axis", axis);
  if (coerce_2d) attrs.set("coerce_2d", int64_t{1});
  return attrs;
}

struct SoftmaxCase {
  Attributes attrs;
  int64_t outer, n, inner;  // how [2, 3, 4] splits around the normalised dims
};

TEST(Softmax, AxesAndCoercionAgainstReference) {
  const Shape shape{2, 3, 4};
  auto x = random_floats(24, 11, -5.f, 5.f);
  const SoftmaxCase cases[] = {
      {Attributes(), 6, 4, 1},  // default axis -1
      {axis_attrs(-1), 6, 4, 1},
      {axis_attrs(1), 2, 3, 4},  // strided
      {axis_attrs(0), 1, 2, 12},
      {axis_attrs(1, true), 2, 12, 1},  // opset < 13: flatten at axis 1
      {axis_attrs(0, true), 1, 24, 1},
      {axis_attrs(2, true), 6, 4, 1},
  };
  for (bool log : {false, true}) {
    const OpType op = log ? OpType::kLogSoftmax : OpType::kSoftmax;
    for (const SoftmaxCase& c : cases) {
      auto out = run_kernel(op, c.attrs, {make_tensor(shape, x)});
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].shape, shape);
      SCOPED_TRACE(str_cat(op_name(op), " ", c.attrs.to_string()));
      expect_near(out[0].values<float>(), reference_softmax(x, c.outer, c.n, c.inner, log), 1e-5f,
                  1e-6f);
    }
  }
  // coerce_2d without an axis defaults to axis 1.
  Attributes coerce;
  coerce.set("coerce_2d", int64_t{1});
  expect_near(run_kernel(OpType::kSoftmax, coerce, {make_tensor(shape, x)})[0].values<float>(),
              reference_softmax(x, 2, 12, 1, false), 1e-5f, 1e-6f);
}

TEST(Softmax, HandComputedAndStable) {
  auto x = make_tensor<float>({2, 2}, {0.f, 0.f, 1000.f, 1001.f});
  auto y = run_kernel(OpType::kSoftmax, {}, {x})[0].values<float>();
  const float e = std::exp(1.f);
  expect_near(y, {0.5f, 0.5f, 1 / (1 + e), e / (1 + e)});
  auto logy = run_kernel(OpType::kLogSoftmax, {}, {x})[0].values<float>();
  expect_near(logy, {std::log(0.5f), std::log(0.5f), -std::log1p(e), 1 - std::log1p(e)});
}

TEST(Softmax, RankZeroEmptyAndBadAxis) {
  auto scalar = run_kernel(OpType::kSoftmax, {}, {make_tensor<float>({}, {3.f})})[0];
  EXPECT_EQ(scalar.shape, Shape{});
  EXPECT_EQ(scalar.values<float>(), (std::vector<float>{1.f}));
  auto empty = run_kernel(OpType::kLogSoftmax, {}, {make_tensor_or_empty<float>({0, 3}, {})})[0];
  EXPECT_EQ(empty.shape, (Shape{0, 3}));
  auto zero_axis = run_kernel(OpType::kSoftmax, {}, {make_tensor_or_empty<float>({3, 0}, {})})[0];
  EXPECT_EQ(zero_axis.shape, (Shape{3, 0}));

  auto x = make_tensor<float>({2, 3}, std::vector<float>(6, 1.f));
  Status bad = kernel_status(OpType::kSoftmax, axis_attrs(2), {x});
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("axis 2"), std::string::npos) << bad.message();
  EXPECT_EQ(kernel_status(OpType::kLogSoftmax, axis_attrs(-3), {x}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kSoftmax, {}, {make_tensor<int32_t>({1}, {1})}).code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
