#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(ExpandTest, HandCheckedTwoWayBroadcast) {
  auto out = run_kernel(OpType::kExpand, Attributes(),
                        {make_tensor<float>(Shape{3, 1}, {1, 2, 3}), i64s({2, 1, 2})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{2, 3, 2}));  // the 1 in `shape` keeps the input's 3
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
}

TEST(ExpandTest, EveryDtypeMatchesReference) {
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, {1, 4, 1});
    auto out = run_kernel(OpType::kExpand, Attributes(), {in, i32s({2, 3, 4, 5})});
    ASSERT_EQ(out.size(), 1u);
    const Shape expected_shape{2, 3, 4, 5};
    ASSERT_EQ(out[0].shape, expected_shape);
    auto expected = reference_copy(in, expected_shape, [](const std::vector<int64_t>& index) {
      return std::vector<int64_t>{0, index[2], 0};
    });
    EXPECT_EQ(out[0].bytes, expected) << dtype_name(dtype);
  }
}

TEST(ExpandTest, ScalarAndEmpty) {
  auto scalar =
      run_kernel(OpType::kExpand, Attributes(), {make_tensor<int64_t>(Shape(), {7}), i64s({3})});
  ASSERT_EQ(scalar.size(), 1u);
  EXPECT_EQ(scalar[0].values<int64_t>(), (std::vector<int64_t>{7, 7, 7}));
  auto empty = run_kernel(OpType::kExpand, Attributes(),
                          {pattern_tensor(DType::kF32, {1, 2}), i64s({0, 2})});
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].shape, (Shape{0, 2}));
}

TEST(ExpandTest, RejectsBadShapes) {
  TestTensor in = pattern_tensor(DType::kF32, {3, 2});
  expect_error(kernel_status(OpType::kExpand, Attributes(), {in, i64s({3, 4})}),
               StatusCode::kInvalidArgument, "does not broadcast");
  expect_error(
      status_with_unknowns(OpType::kExpand, Attributes(), {in, unknown_data(DType::kI64, {2})}),
      StatusCode::kUnimplemented, "Expand: input 'shape' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
