// LayerNormalization (opset 17): axis, epsilon, optional bias, broadcast scale/bias, against a
// reference in double; the optional Mean and InvStdDev outputs; bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/broadcast_reference.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

// Normalises rows of n elements; scale/bias (possibly empty) are given per normalised element.
std::vector<float> reference_layer_norm(const std::vector<float>& x, int64_t n,
                                        const std::vector<float>& scale,
                                        const std::vector<float>& bias, double epsilon) {
  std::vector<float> y(x.size());
  for (size_t r = 0; r * n < x.size(); ++r) {
    const float* row = x.data() + r * n;
    double mean = 0, var = 0;
    for (int64_t i = 0; i < n; ++i) mean += row[i];
    mean /= n;
    for (int64_t i = 0; i < n; ++i) var += (row[i] - mean) * (row[i] - mean);
    var /= n;
    for (int64_t i = 0; i < n; ++i) {
      double v = (row[i] - mean) / std::sqrt(var + epsilon) * scale[i];
      if (!bias.empty()) v += bias[i];
      y[r * n + i] = static_cast<float>(v);
    }
  }
  return y;
}

TEST(LayerNormalization, LastAxisWithBias) {
  const Shape shape{2, 3, 8};
  auto x = random_floats(48, 1, -3.f, 3.f);
  auto scale = random_floats(8, 2, 0.5f, 2.f);
  auto bias = random_floats(8, 3);
  auto out = run_kernel(OpType::kLayerNormalization, {},
                        {make_tensor(shape, x), make_tensor({8}, scale), make_tensor({8}, bias)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, shape);
  expect_near(out[0].values<float>(), reference_layer_norm(x, 8, scale, bias, 1e-5), 1e-4f, 1e-5f);
}

TEST(LayerNormalization, EarlierAxisEpsilonAndNoBias) {
  const Shape shape{2, 3, 4};
  auto x = random_floats(24, 4, -3.f, 3.f);
  auto scale = random_floats(12, 5, 0.5f, 2.f);
  Attributes attrs;
  attrs.set("axis", int64_t{1});
  attrs.set("epsilon", 0.5f);
  auto out = run_kernel(OpType::kLayerNormalization, attrs,
                        {make_tensor(shape, x), make_tensor({3, 4}, scale)});
  expect_near(out[0].values<float>(), reference_layer_norm(x, 12, scale, {}, 0.5), 1e-4f, 1e-5f);
}

TEST(LayerNormalization, ScaleAndBiasBroadcastToTheNormalisedShape) {
  const Shape shape{2, 3, 4};
  auto x = random_floats(24, 6, -3.f, 3.f);
  Attributes attrs;
  attrs.set("axis", int64_t{-2});
  const Shape scale_shape{3, 1};
  auto scale = std::vector<float>{0.5f, 1.f, 2.f};
  auto bias = std::vector<float>{0.25f};
  auto out = run_kernel(
      OpType::kLayerNormalization, attrs,
      {make_tensor(shape, x), make_tensor(scale_shape, scale), make_tensor<float>({}, bias)});
  std::vector<float> full_scale(12), full_bias(12, 0.25f);
  for (int64_t i = 0; i < 12; ++i) {
    full_scale[i] = scale[broadcast_source_index(Shape{3, 4}, scale_shape, i)];
  }
  expect_near(out[0].values<float>(), reference_layer_norm(x, 12, full_scale, full_bias, 1e-5),
              1e-4f, 1e-5f);
}

TEST(LayerNormalization, HandComputed) {
  auto x = make_tensor<float>({1, 2}, {1.f, 3.f});
  auto scale = make_tensor<float>({2}, {1.f, 2.f});
  Attributes attrs;
  attrs.set("epsilon", 0.f);
  expect_near(run_kernel(OpType::kLayerNormalization, attrs, {x, scale})[0].values<float>(),
              {-1.f, 2.f});
}

TEST(LayerNormalization, MeanAndInvStdDevOutputs) {
  auto x = make_tensor<float>({2, 1, 2}, {1.f, 3.f, -2.f, 2.f});
  auto scale = make_tensor<float>({1, 2}, {1.f, 1.f});
  Attributes attrs;
  attrs.set("axis", int64_t{1});
  attrs.set("epsilon", 0.f);
  auto out = run_kernel(OpType::kLayerNormalization, attrs, {x, scale}, 3);
  ASSERT_EQ(out.size(), 3u);
  expect_near(out[0].values<float>(), {-1.f, 1.f, -1.f, 1.f});
  EXPECT_EQ(out[1].shape, (Shape{2, 1, 1}));
  EXPECT_EQ(out[2].shape, (Shape{2, 1, 1}));
  expect_near(out[1].values<float>(), {2.f, 0.f});
  expect_near(out[2].values<float>(), {1.f, 0.5f});
}

TEST(LayerNormalization, RejectsBadInput) {
  auto x = make_tensor<float>({2, 4}, std::vector<float>(8, 1.f));
  auto scale = make_tensor<float>({3}, {1, 1, 1});
  Status status = kernel_status(OpType::kLayerNormalization, {}, {x, scale});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("Scale [3]"), std::string::npos) << status.message();
  auto good = make_tensor<float>({4}, {1, 1, 1, 1});
  EXPECT_EQ(kernel_status(OpType::kLayerNormalization, {}, {x, good}, 4).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kLayerNormalization, {}, {x, TestTensor{}}).code(),
            StatusCode::kInvalidArgument);
  Attributes axis;
  axis.set("axis", int64_t{2});
  EXPECT_EQ(kernel_status(OpType::kLayerNormalization, axis, {x, good}).code(),
            StatusCode::kInvalidArgument);
  auto ints = make_tensor<int32_t>({4}, {1, 1, 1, 1});
  EXPECT_EQ(kernel_status(OpType::kLayerNormalization, {}, {x, ints}).code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
