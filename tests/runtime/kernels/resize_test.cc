// Resize against ONNX's own examples (known outputs for each mode, coordinate transformation and
// nearest rounding), plus the opset-10 form, opset-18 axes and keep_aspect_ratio_policy.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

std::vector<float> iota(int n) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<float>(i + 1);
  return v;
}

Attributes resize_attrs(const std::string& mode, const std::string& coords,
                        const std::string& nearest = "") {
  Attributes attrs;
  attrs.set("mode", mode);
  if (!coords.empty()) attrs.set("coordinate_transformation_mode", coords);
  if (!nearest.empty()) attrs.set("nearest_mode", nearest);
  return attrs;
}

std::vector<TestTensor> run_scales(const Attributes& attrs, const Shape& shape,
                                   const std::vector<float>& x, const std::vector<float>& scales) {
  return run_kernel(OpType::kResize, attrs,
                    {make_tensor(shape, x), TestTensor{DType::kF32, Shape{0}, {}},
                     make_tensor(Shape{static_cast<int64_t>(scales.size())}, scales)});
}

std::vector<TestTensor> run_sizes(const Attributes& attrs, const Shape& shape,
                                  const std::vector<float>& x, const std::vector<int64_t>& sizes) {
  return run_kernel(OpType::kResize, attrs,
                    {make_tensor(shape, x), TestTensor{}, TestTensor{},
                     make_tensor(Shape{static_cast<int64_t>(sizes.size())}, sizes)});
}

// An 8x8 nearest upsample of 1..16 (4x4) that reads rows and columns `index`.
std::vector<float> gather_4x4(const std::vector<int>& index) {
  std::vector<float> out;
  for (int r : index) {
    for (int c : index) out.push_back(static_cast<float>(r * 4 + c + 1));
  }
  return out;
}

TEST(ResizeTest, NearestUpsampleScales) {
  auto out = run_scales(resize_attrs("nearest", ""), Shape{1, 1, 2, 2}, iota(4), {1, 1, 2, 3});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 1, 4, 6}));
  expect_near(out[0].values<float>(),
              {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4});
}

TEST(ResizeTest, NearestDownsampleScales) {
  auto out = run_scales(resize_attrs("nearest", ""), Shape{1, 1, 2, 4}, iota(8), {1, 1, .6f, .6f});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 1, 1, 2}));
  expect_near(out[0].values<float>(), {1, 3});
}

TEST(ResizeTest, NearestModesAndCoordinateModes) {
  struct Case {
    const char* coords;
    const char* nearest;
    std::vector<int> index;
  };
  const Case cases[] = {{"half_pixel", "ceil", {0, 1, 1, 2, 2, 3, 3, 3}},
                        {"align_corners", "floor", {0, 0, 0, 1, 1, 2, 2, 3}},
                        {"asymmetric", "round_prefer_ceil", {0, 1, 1, 2, 2, 3, 3, 3}},
                        {"asymmetric", "round_prefer_floor", {0, 0, 1, 1, 2, 2, 3, 3}},
                        {"half_pixel", "round_prefer_floor", {0, 0, 1, 1, 2, 2, 3, 3}}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.coords) + " " + c.nearest);
    auto out = run_sizes(resize_attrs("nearest", c.coords, c.nearest), Shape{1, 1, 4, 4}, iota(16),
                         {1, 1, 8, 8});
    ASSERT_EQ(out.size(), 1u);
    expect_near(out[0].values<float>(), gather_4x4(c.index));
  }
}

TEST(ResizeTest, TfHalfPixelForNearest) {
  for (const char* name : {"tf_half_pixel_for_nearest", "tf_half_pixel_for_nn"}) {
    auto out = run_sizes(resize_attrs("nearest", name), Shape{1, 1, 4, 4}, iota(16), {1, 1, 3, 2});
    ASSERT_EQ(out.size(), 1u);
    expect_near(out[0].values<float>(), {6, 8, 10, 12, 14, 16});
  }
}

TEST(ResizeTest, LinearHalfPixelAndAlignCorners) {
  auto half = run_scales(resize_attrs("linear", ""), Shape{1, 1, 2, 2}, iota(4), {1, 1, 2, 2});
  ASSERT_EQ(half.size(), 1u);
  expect_near(half[0].values<float>(), {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f,
                                        3.25f, 3.5f, 3, 3.25f, 3.75f, 4});
  auto corners =
      run_scales(resize_attrs("linear", "align_corners"), Shape{1, 1, 2, 2}, iota(4), {1, 1, 2, 2});
  ASSERT_EQ(corners.size(), 1u);
  const float t = 1.f / 3.f;
  expect_near(corners[0].values<float>(),
              {1, 1 + t, 1 + 2 * t, 2, 1 + 2 * t, 2, 2 + t, 2 + 2 * t, 2 + t, 2 + 2 * t, 3, 3 + t,
               3, 3 + t, 3 + 2 * t, 4},
              1e-5f, 1e-5f);
}

TEST(ResizeTest, LinearDownsample) {
  auto out = run_scales(resize_attrs("linear", ""), Shape{1, 1, 2, 4}, iota(8), {1, 1, .6f, .6f});
  ASSERT_EQ(out.size(), 1u);
  expect_near(out[0].values<float>(), {2.6666665f, 4.3333331f}, 1e-5f, 1e-5f);
  auto torch = run_sizes(resize_attrs("linear", "pytorch_half_pixel"), Shape{1, 1, 4, 4}, iota(16),
                         {1, 1, 3, 1});
  ASSERT_EQ(torch.size(), 1u);
  expect_near(torch[0].values<float>(), {1.6666666f, 7.f, 12.333333f}, 1e-5f, 1e-5f);
}

// ONNX test_resize_downsample_scales_linear_align_corners: align_corners divides by the unrounded
// resized length (4 * 0.6 - 1), not by the floored output size.
TEST(ResizeTest, AlignCornersUsesUnroundedLengthForScales) {
  auto out = run_scales(resize_attrs("linear", "align_corners"), Shape{1, 1, 2, 4}, iota(8),
                        {1, 1, .6f, .6f});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 1, 1, 2}));
  expect_near(out[0].values<float>(), {1.f, 3.142857f}, 1e-5f, 1e-5f);
}

TEST(ResizeTest, LinearOverThreeDimsWithBatch) {
  // Trilinear with align_corners on [2, 1, 2, 2, 2] to [2, 1, 3, 3, 3]: the centre of each
  // image is the mean of its 8 corners, and corners are kept.
  const auto x = random_floats(16, 61);
  auto out = run_scales(resize_attrs("linear", "align_corners"), Shape{2, 1, 2, 2, 2}, x,
                        {1, 1, 1.5f, 1.5f, 1.5f});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{2, 1, 3, 3, 3}));
  const auto y = out[0].values<float>();
  for (int n = 0; n < 2; ++n) {
    float mean = 0;
    for (int i = 0; i < 8; ++i) mean += x[n * 8 + i] / 8;
    EXPECT_NEAR(y[n * 27 + 13], mean, 1e-5f);
    EXPECT_NEAR(y[n * 27 + 26], x[n * 8 + 7], 1e-6f);
    EXPECT_NEAR(y[n * 27 + 2], x[n * 8 + 1], 1e-6f);
  }
}

TEST(ResizeTest, Opset10FormIsAsymmetricFloor) {
  auto out = run_kernel(OpType::kResize, resize_attrs("nearest", ""),
                        {make_tensor(Shape{1, 1, 1, 3}, iota(3)),
                         make_tensor(Shape{4}, std::vector<float>{1, 1, 1, 1.5f})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 1, 1, 4}));
  expect_near(out[0].values<float>(), {1, 1, 2, 3});  // source x = o / 1.5, floored
}

TEST(ResizeTest, AxesAndKeepAspectRatio) {
  Attributes attrs = resize_attrs("nearest", "asymmetric", "floor");
  attrs.set("axes", std::vector<int64_t>{2, 3});
  auto scaled = run_scales(attrs, Shape{1, 1, 2, 2}, iota(4), {2, 1});
  ASSERT_EQ(scaled.size(), 1u);
  EXPECT_EQ(scaled[0].shape, (Shape{1, 1, 4, 2}));
  expect_near(scaled[0].values<float>(), {1, 2, 1, 2, 3, 4, 3, 4});
  attrs.set("keep_aspect_ratio_policy", std::string("not_larger"));
  auto kept = run_sizes(attrs, Shape{1, 1, 2, 4}, iota(8), {3, 3});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].shape, (Shape{1, 1, 2, 3}));  // one scale, 0.75, for both axes
}

TEST(ResizeTest, RejectsUnsupportedAndBadInput) {
  auto cubic = kernel_status(OpType::kResize, resize_attrs("cubic", ""),
                             {make_tensor(Shape{1, 1, 2, 2}, iota(4)), TestTensor{},
                              make_tensor(Shape{4}, std::vector<float>{1, 1, 2, 2})});
  EXPECT_EQ(cubic.code(), StatusCode::kUnimplemented);
  EXPECT_NE(cubic.message().find("cubic"), std::string::npos);
  // Both scales and sizes.
  EXPECT_EQ(kernel_status(OpType::kResize, resize_attrs("nearest", ""),
                          {make_tensor(Shape{1, 1, 2, 2}, iota(4)), TestTensor{},
                           make_tensor(Shape{4}, std::vector<float>{1, 1, 2, 2}),
                           make_tensor(Shape{4}, std::vector<int64_t>{1, 1, 4, 4})})
                .code(),
            StatusCode::kInvalidArgument);
  // Three scales for a 4-D input.
  EXPECT_EQ(kernel_status(OpType::kResize, resize_attrs("nearest", ""),
                          {make_tensor(Shape{1, 1, 2, 2}, iota(4)), TestTensor{},
                           make_tensor(Shape{3}, std::vector<float>{1, 2, 2})})
                .code(),
            StatusCode::kInvalidArgument);
  Attributes crop = resize_attrs("linear", "tf_crop_and_resize");
  EXPECT_EQ(kernel_status(OpType::kResize, crop,
                          {make_tensor(Shape{1, 1, 2, 2}, iota(4)), TestTensor{},
                           make_tensor(Shape{4}, std::vector<float>{1, 1, 2, 2})})
                .code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
