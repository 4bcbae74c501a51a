// BatchNormalization (inference) against the formula, per channel.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

TEST(BatchNormalizationTest, MatchesFormula) {
  for (const Shape& shape : {Shape{3, 4, 5, 7}, Shape{2, 4}, Shape{2, 4, 3, 2, 2}}) {
    const int64_t channels = shape[1];
    const int64_t inner = shape.numel() / (shape[0] * channels);
    const auto x = random_floats(shape.numel(), 51);
    const auto scale = random_floats(channels, 52);
    const auto bias = random_floats(channels, 53);
    const auto mean = random_floats(channels, 54);
    const auto var = random_floats(channels, 55, 0.1f, 2.f);
    Attributes attrs;
    attrs.set("epsilon", 1e-2f);
    auto out = run_kernel(OpType::kBatchNormalization, attrs,
                          {make_tensor(shape, x), make_tensor(Shape{channels}, scale),
                           make_tensor(Shape{channels}, bias), make_tensor(Shape{channels}, mean),
                           make_tensor(Shape{channels}, var)});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].shape, shape);
    std::vector<float> expected(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
      const int64_t c = static_cast<int64_t>(i) / inner % channels;
      expected[i] = (x[i] - mean[c]) / std::sqrt(var[c] + 1e-2f) * scale[c] + bias[c];
    }
    expect_near(out[0].values<float>(), expected, 1e-4f, 1e-5f);
  }
}

TEST(BatchNormalizationTest, RejectsBadInput) {
  auto x = make_tensor(Shape{1, 3, 2, 2}, random_floats(12, 1));
  auto p3 = make_tensor(Shape{3}, random_floats(3, 2, 0.5f, 1.f));
  auto p4 = make_tensor(Shape{4}, random_floats(4, 2, 0.5f, 1.f));
  EXPECT_EQ(kernel_status(OpType::kBatchNormalization, Attributes(), {x, p3, p3, p4, p3}).code(),
            StatusCode::kInvalidArgument);  // mean has 4 channels
  Attributes training;
  training.set("training_mode", int64_t{1});
  EXPECT_EQ(kernel_status(OpType::kBatchNormalization, training, {x, p3, p3, p3, p3}).code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
