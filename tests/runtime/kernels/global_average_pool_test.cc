// GlobalAveragePool and GlobalMaxPool against per-plane loops.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

void check_global(OpType op, const Shape& shape) {
  const auto x = random_floats(shape.numel(), 41);
  auto out = run_kernel(op, Attributes(), {make_tensor(shape, x)});
  ASSERT_EQ(out.size(), 1u);
  Shape want = shape;
  for (int d = 2; d < want.rank(); ++d) want[d] = 1;
  EXPECT_EQ(out[0].shape, want);
  const int64_t planes = shape[0] * shape[1], size = shape.numel() / planes;
  std::vector<float> expected;
  for (int64_t p = 0; p < planes; ++p) {
    double sum = 0;
    float best = x[p * size];
    for (int64_t i = 0; i < size; ++i) {
      sum += x[p * size + i];
      best = std::max(best, x[p * size + i]);
    }
    expected.push_back(op == OpType::kGlobalMaxPool ? best : static_cast<float>(sum / size));
  }
  expect_near(out[0].values<float>(), expected, 1e-5f, 1e-6f);
}

TEST(GlobalPoolTest, AverageAndMaxOverOneTwoThreeSpatialDims) {
  for (OpType op : {OpType::kGlobalAveragePool, OpType::kGlobalMaxPool}) {
    check_global(op, Shape{2, 3, 7});
    check_global(op, Shape{2, 5, 9, 11});
    check_global(op, Shape{1, 2, 3, 4, 5});
  }
}

TEST(GlobalPoolTest, RejectsBadInput) {
  for (OpType op : {OpType::kGlobalAveragePool, OpType::kGlobalMaxPool}) {
    EXPECT_EQ(
        kernel_status(op, Attributes(), {make_tensor(Shape{2, 3}, random_floats(6, 1))}).code(),
        StatusCode::kInvalidArgument);
    EXPECT_EQ(
        kernel_status(op, Attributes(), {make_tensor(Shape{1, 1, 2}, std::vector<int32_t>{1, 2})})
            .code(),
        StatusCode::kUnimplemented);
  }
}

}  // namespace
}  // namespace edgeq::testing
