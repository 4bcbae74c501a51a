// AveragePool against the direct window loop of pool_test_util.h, and ONNX's examples.
#include <gtest/gtest.h>

#include <vector>

#include "tests/runtime/kernels/pool_test_util.h"

namespace edgeq::testing {
namespace {

TEST(AveragePoolTest, MatchesDirectLoop) {
  check_pool({{2, 3, 9, 8}, {3, 3}, {2, 2}, {1, 1, 1, 1}, {}, false, false}, PoolKind::kAverage);
  check_pool({{2, 3, 9, 8}, {3, 3}, {2, 2}, {1, 1, 1, 1}, {}, false, true}, PoolKind::kAverage);
  check_pool({{1, 2, 10, 11}, {3, 2}, {2, 3}, {1, 0, 2, 1}, {2, 2}, false, true},
             PoolKind::kAverage);
  check_pool({{1, 2, 10, 11}, {3, 3}, {2, 2}, {1, 1, 1, 1}, {}, true, true}, PoolKind::kAverage);
  check_pool({{1, 2, 10, 11}, {3, 3}, {2, 2}, {0, 0, 0, 0}, {}, true, false}, PoolKind::kAverage);
  check_pool({{2, 3, 13}, {4}, {3}, {1, 2}, {}, false, false}, PoolKind::kAverage);
  check_pool({{1, 2, 5, 6, 7}, {2, 3, 2}, {2, 1, 2}, {0, 1, 0, 1, 1, 1}, {}, false, true},
             PoolKind::kAverage);
}

// ONNX test_averagepool_2d_precomputed_pads_count_include_pad: 5x5 input 1..25, kernel 5, pads 2.
TEST(AveragePoolTest, CountIncludePadExample) {
  std::vector<float> x(25);
  for (int i = 0; i < 25; ++i) x[i] = static_cast<float>(i + 1);
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{5, 5});
  attrs.set("pads", std::vector<int64_t>{2, 2, 2, 2});
  attrs.set("count_include_pad", int64_t{1});
  auto out = run_kernel(OpType::kAveragePool, attrs, {make_tensor(Shape{1, 1, 5, 5}, x)});
  ASSERT_EQ(out.size(), 1u);
  const auto y = out[0].values<float>();
  ASSERT_EQ(y.size(), 25u);
  EXPECT_NEAR(y[0], 2.52f, 1e-5f);  // (1+2+3+6+7+8+11+12+13) / 25
  EXPECT_NEAR(y[12], 13.f, 1e-5f);
}

// ONNX test_averagepool_2d_same_lower on a known input: the odd padding goes first.
TEST(AveragePoolTest, SameLowerPutsPaddingFirst) {
  std::vector<float> x = {1, 2, 3, 4};
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{2, 2});
  attrs.set("auto_pad", std::string("SAME_LOWER"));
  auto out = run_kernel(OpType::kAveragePool, attrs, {make_tensor(Shape{1, 1, 2, 2}, x)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 1, 2, 2}));
  expect_near(out[0].values<float>(), {1.f, 1.5f, 2.f, 2.5f});
}

TEST(AveragePoolTest, RejectsBadInput) {
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{2, 2});
  Status dtype = kernel_status(OpType::kAveragePool, attrs,
                               {make_tensor(Shape{1, 1, 2, 2}, std::vector<uint8_t>(4, 1))});
  EXPECT_EQ(dtype.code(), StatusCode::kUnimplemented);
  Attributes bad_auto_pad = attrs;
  bad_auto_pad.set("auto_pad", std::string("SAME"));
  EXPECT_EQ(kernel_status(OpType::kAveragePool, bad_auto_pad,
                          {make_tensor(Shape{1, 1, 2, 2}, random_floats(4, 1))})
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
