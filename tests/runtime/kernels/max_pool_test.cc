// MaxPool and AveragePool against a direct window loop written here: pads, strides, dilations,
// ceil_mode, count_include_pad, auto_pad, 1-D / 2-D / 3-D, batch > 1; ONNX's examples for
// ceil_mode and SAME_UPPER.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "tests/runtime/kernels/pool_test_util.h"

namespace edgeq::testing {
namespace {

TEST(MaxPoolTest, MatchesDirectLoop) {
  check_pool({{2, 3, 9, 8}, {3, 3}, {2, 2}, {1, 1, 1, 1}, {}, false}, PoolKind::kMax);
  check_pool({{1, 2, 10, 11}, {3, 2}, {2, 3}, {1, 0, 2, 1}, {2, 2}, false}, PoolKind::kMax);
  check_pool({{1, 2, 10, 11}, {3, 3}, {2, 2}, {1, 1, 1, 1}, {}, true}, PoolKind::kMax);
  check_pool({{2, 3, 13}, {4}, {3}, {1, 2}, {}, true}, PoolKind::kMax);
  check_pool({{1, 2, 5, 6, 7}, {2, 3, 2}, {2, 1, 2}, {0, 1, 0, 1, 1, 1}, {}, false},
             PoolKind::kMax);
}

// ONNX test_maxpool_2d_ceil: 4x4 input 1..16, kernel 3, stride 2, ceil_mode.
TEST(MaxPoolTest, CeilModeExample) {
  std::vector<float> x(16);
  for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(i + 1);
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{3, 3});
  attrs.set("strides", std::vector<int64_t>{2, 2});
  attrs.set("ceil_mode", int64_t{1});
  auto out = run_kernel(OpType::kMaxPool, attrs, {make_tensor(Shape{1, 1, 4, 4}, x)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 1, 2, 2}));
  expect_near(out[0].values<float>(), {11, 12, 15, 16});
}

// ONNX test_maxpool_2d_precomputed_same_upper: 5x5 input 1..25, kernel 3, stride 2.
TEST(MaxPoolTest, SameUpperExample) {
  std::vector<float> x(25);
  for (int i = 0; i < 25; ++i) x[i] = static_cast<float>(i + 1);
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{3, 3});
  attrs.set("strides", std::vector<int64_t>{2, 2});
  attrs.set("auto_pad", std::string("SAME_UPPER"));
  auto out = run_kernel(OpType::kMaxPool, attrs, {make_tensor(Shape{1, 1, 5, 5}, x)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 1, 3, 3}));
  expect_near(out[0].values<float>(), {7, 9, 10, 17, 19, 20, 22, 24, 25});
}

TEST(MaxPoolTest, Uint8) {
  const std::vector<uint8_t> x = {3, 200, 7, 9, 1, 250, 0, 4, 5};
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{2, 2});
  auto out = run_kernel(OpType::kMaxPool, attrs, {make_tensor(Shape{1, 1, 3, 3}, x)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dtype, DType::kU8);
  EXPECT_EQ(out[0].values<uint8_t>(), (std::vector<uint8_t>{200, 250, 9, 250}));
}

TEST(MaxPoolTest, RejectsBadInput) {
  auto x = make_tensor(Shape{1, 1, 4, 4}, random_floats(16, 1));
  EXPECT_EQ(kernel_status(OpType::kMaxPool, Attributes(), {x}).code(),
            StatusCode::kInvalidArgument);  // no kernel_shape
  Attributes big;
  big.set("kernel_shape", std::vector<int64_t>{5, 5});
  EXPECT_EQ(kernel_status(OpType::kMaxPool, big, {x}).code(), StatusCode::kInvalidArgument);
  Attributes bad_strides;
  bad_strides.set("kernel_shape", std::vector<int64_t>{2, 2});
  bad_strides.set("strides", std::vector<int64_t>{0, 1});
  EXPECT_EQ(kernel_status(OpType::kMaxPool, bad_strides, {x}).code(), StatusCode::kInvalidArgument);
  Attributes bad_pads;
  bad_pads.set("kernel_shape", std::vector<int64_t>{2, 2});
  bad_pads.set("pads", std::vector<int64_t>{1, 1});
  EXPECT_EQ(kernel_status(OpType::kMaxPool, bad_pads, {x}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(
      kernel_status(OpType::kMaxPool, bad_strides, {make_tensor(Shape{1, 4}, random_floats(4, 1))})
          .code(),
      StatusCode::kInvalidArgument);  // no spatial dims
}

}  // namespace
}  // namespace edgeq::testing
