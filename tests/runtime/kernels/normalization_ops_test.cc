// InstanceNormalization, LRN, MeanVarianceNormalization and Hardmax: random inputs against
// straightforward references, hand-checked cases and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

TEST(InstanceNormalization, AgainstReference) {
  const int64_t n = 2, c = 3, spatial = 10;
  auto x = random_floats(n * c * spatial, 31, -4, 4);
  auto scale = random_floats(c, 32);
  auto bias = random_floats(c, 33);
  Attributes attrs;
  attrs.set("epsilon", 1e-3f);
  auto out =
      run_kernel(OpType::kInstanceNormalization, attrs,
                 {make_tensor({n, c, 2, 5}, x), make_tensor({c}, scale), make_tensor({c}, bias)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{n, c, 2, 5}));
  std::vector<float> expected(x.size());
  for (int64_t p = 0; p < n * c; ++p) {
    double mean = 0, variance = 0;
    for (int64_t i = 0; i < spatial; ++i) mean += x[p * spatial + i];
    mean /= spatial;
    for (int64_t i = 0; i < spatial; ++i) {
      variance += (x[p * spatial + i] - mean) * (x[p * spatial + i] - mean);
    }
    variance /= spatial;
    for (int64_t i = 0; i < spatial; ++i) {
      expected[p * spatial + i] = static_cast<float>(
          scale[p % c] * (x[p * spatial + i] - mean) / std::sqrt(variance + 1e-3) + bias[p % c]);
    }
  }
  expect_near(out[0].values<float>(), expected, 1e-4f, 1e-5f);
}

TEST(InstanceNormalization, HandCheckedAndBadInput) {
  // One channel [1, 3]: mean 2, variance 1 (epsilon 0).
  Attributes attrs;
  attrs.set("epsilon", 0.f);
  auto out = run_kernel(OpType::kInstanceNormalization, attrs,
                        {make_tensor<float>({1, 1, 2}, {1.f, 3.f}), make_tensor<float>({1}, {2.f}),
                         make_tensor<float>({1}, {0.5f})});
  expect_near(out[0].values<float>(), {-1.5f, 2.5f});
  Status status = kernel_status(OpType::kInstanceNormalization, {},
                                {make_tensor<float>({1, 2, 2}, {1, 2, 3, 4}),
                                 make_tensor<float>({1}, {1}), make_tensor<float>({2}, {0, 0})});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.to_string().find("scale"), std::string::npos) << status.to_string();
}

TEST(Lrn, AgainstReference) {
  const int64_t n = 2, c = 6, spatial = 4;
  auto x = random_floats(n * c * spatial, 41, -2, 2);
  for (int64_t size : {1, 2, 3, 5}) {
    Attributes attrs;
    attrs.set("size", size);
    attrs.set("alpha", 0.02f);
    attrs.set("beta", 0.6f);
    attrs.set("bias", 2.f);
    auto out = run_kernel(OpType::kLRN, attrs, {make_tensor({n, c, 2, 2}, x)});
    ASSERT_EQ(out.size(), 1u);
    std::vector<float> expected(x.size());
    for (int64_t b = 0; b < n; ++b) {
      for (int64_t ch = 0; ch < c; ++ch) {
        for (int64_t i = 0; i < spatial; ++i) {
          double squares = 0;
          const int64_t lo = ch - (size - 1) / 2;
          const int64_t hi = ch + static_cast<int64_t>(std::ceil((size - 1) / 2.0));
          for (int64_t k = std::max<int64_t>(lo, 0); k <= std::min<int64_t>(hi, c - 1); ++k) {
            const double v = x[(b * c + k) * spatial + i];
            squares += v * v;
          }
          const int64_t at = (b * c + ch) * spatial + i;
          expected[at] = static_cast<float>(x[at] / std::pow(2.0 + 0.02 / size * squares, 0.6));
        }
      }
    }
    SCOPED_TRACE("size " + std::to_string(size));
    expect_near(out[0].values<float>(), expected);
  }
}

TEST(Lrn, BadInput) {
  auto x = make_tensor<float>({1, 2, 1, 1}, {1, 2});
  EXPECT_FALSE(kernel_status(OpType::kLRN, {}, {x}).ok());  // size is required
  Attributes zero;
  zero.set("size", int64_t{0});
  EXPECT_EQ(kernel_status(OpType::kLRN, zero, {x}).code(), StatusCode::kInvalidArgument);
}

TEST(MeanVarianceNormalization, DefaultAndCustomAxesAgainstReference) {
  const Shape shape{2, 3, 2, 4};
  auto x = random_floats(shape.numel(), 51, -3, 3);
  // Per channel (default axes [0, 2, 3]) and per (sample, channel) (axes [2, 3]).
  for (bool per_sample : {false, true}) {
    Attributes attrs;
    if (per_sample) attrs.set("axes", std::vector<int64_t>{2, 3});
    auto out = run_kernel(OpType::kMeanVarianceNormalization, attrs, {make_tensor(shape, x)});
    ASSERT_EQ(out.size(), 1u);
    const int64_t groups = per_sample ? 6 : 3;
    std::vector<double> sum(groups, 0), squares(groups, 0), count(groups, 0);
    const auto group_of = [&](int64_t i) {
      const int64_t channel = (i / 8) % 3;
      return per_sample ? i / 8 : channel;
    };
    for (int64_t i = 0; i < shape.numel(); ++i) {
      sum[group_of(i)] += x[i];
      squares[group_of(i)] += double{x[i]} * x[i];
      count[group_of(i)] += 1;
    }
    std::vector<float> expected(x.size());
    for (int64_t i = 0; i < shape.numel(); ++i) {
      const int64_t g = group_of(i);
      const double mean = sum[g] / count[g];
      const double std_dev = std::sqrt(squares[g] / count[g] - mean * mean);
      expected[i] = static_cast<float>((x[i] - mean) / (std_dev + 1e-9));
    }
    SCOPED_TRACE(per_sample ? "axes [2, 3]" : "default axes");
    expect_near(out[0].values<float>(), expected, 1e-4f, 1e-5f);
  }
}

TEST(MeanVarianceNormalization, BadInput) {
  auto x = make_tensor<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  // The default axes [0, 2, 3] need rank 4.
  EXPECT_EQ(kernel_status(OpType::kMeanVarianceNormalization, {}, {x}).code(),
            StatusCode::kInvalidArgument);
  Attributes attrs;
  attrs.set("axes", std::vector<int64_t>{1});
  auto ok = run_kernel(OpType::kMeanVarianceNormalization, attrs, {x})[0];
  expect_near(ok.values<float>(), {-1.2247449f, 0.f, 1.2247449f, -1.2247449f, 0.f, 1.2247449f});
}

TEST(Hardmax, AxesAndCoercionAgainstReference) {
  const Shape shape{2, 3, 4};
  auto x = random_floats(24, 61, -5, 5);
  x[1] = x[0];  // a tie along the last axis: the first wins
  struct Case {
    int64_t axis;
    bool coerce_2d;
    int64_t outer, n, inner;
  };
  const Case cases[] = {{-1, false, 6, 4, 1},
                        {1, false, 2, 3, 4},
                        {0, false, 1, 2, 12},
                        {1, true, 2, 12, 1},
                        {0, true, 1, 24, 1}};
  for (const Case& c : cases) {
    Attributes attrs;
    attrs.set("axis", c.axis);
    if (c.coerce_2d) attrs.set("coerce_2d", int64_t{1});
    auto out = run_kernel(OpType::kHardmax, attrs, {make_tensor(shape, x)});
    ASSERT_EQ(out.size(), 1u);
    std::vector<float> expected(24, 0.f);
    for (int64_t o = 0; o < c.outer; ++o) {
      for (int64_t j = 0; j < c.inner; ++j) {
        int64_t best = 0;
        for (int64_t k = 1; k < c.n; ++k) {
          if (x[(o * c.n + k) * c.inner + j] > x[(o * c.n + best) * c.inner + j]) best = k;
        }
        expected[(o * c.n + best) * c.inner + j] = 1.f;
      }
    }
    EXPECT_EQ(out[0].values<float>(), expected) << "axis " << c.axis << " coerce " << c.coerce_2d;
  }
  auto tie = run_kernel(OpType::kHardmax, {}, {make_tensor<float>({3}, {2, 7, 7})})[0];
  EXPECT_EQ(tie.values<float>(), (std::vector<float>{0, 1, 0}));
  Attributes bad;
  bad.set("axis", int64_t{3});
  EXPECT_EQ(kernel_status(OpType::kHardmax, bad, {make_tensor(shape, x)}).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
