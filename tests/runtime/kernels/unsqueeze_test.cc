#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(UnsqueezeTest, AxesCountInOutputRank) {
  TestTensor in = pattern_tensor(DType::kF32, {3, 4});
  auto out = run_kernel(OpType::kUnsqueeze, Attributes(), {in, i64s({0, -1})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 3, 4, 1}));
  EXPECT_EQ(out[0].bytes, in.bytes);
  auto middle =
      run_kernel(OpType::kUnsqueeze, attrs_of({{"axes", std::vector<int64_t>{2, 1}}}), {in});
  ASSERT_EQ(middle.size(), 1u);
  EXPECT_EQ(middle[0].shape, (Shape{3, 1, 1, 4}));
}

TEST(UnsqueezeTest, ScalarAndEveryDtype) {
  for (DType dtype : movable_dtypes()) {
    TestTensor scalar = pattern_tensor(dtype, Shape());
    auto out = run_kernel(OpType::kUnsqueeze, Attributes(), {scalar, i32s({0})});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].shape, (Shape{1}));
    EXPECT_EQ(out[0].bytes, scalar.bytes) << dtype_name(dtype);
  }
}

TEST(UnsqueezeTest, RejectsBadAxes) {
  TestTensor in = pattern_tensor(DType::kF32, {3});
  expect_error(kernel_status(OpType::kUnsqueeze, Attributes(), {in}), StatusCode::kInvalidArgument,
               "missing 'axes'");
  expect_error(kernel_status(OpType::kUnsqueeze, Attributes(), {in, i64s({2})}),
               StatusCode::kInvalidArgument, "out of range");
  expect_error(kernel_status(OpType::kUnsqueeze, Attributes(), {in, i64s({1, -2})}),
               StatusCode::kInvalidArgument, "repeated");
  expect_error(kernel_status(OpType::kUnsqueeze, Attributes(),
                             {pattern_tensor(DType::kF32, {1, 1, 1, 1, 1, 1, 1}), i64s({0, 1})}),
               StatusCode::kInvalidArgument, "exceeds the maximum");
}

}  // namespace
}  // namespace edgeq::testing
