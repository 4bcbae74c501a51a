#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(TileTest, HandChecked) {
  auto out = run_kernel(OpType::kTile, Attributes(),
                        {make_tensor<float>(Shape{2, 2}, {1, 2, 3, 4}), i64s({2, 3})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{4, 6}));
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4,
                                                        1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}));
}

TEST(TileTest, EveryDtypeMatchesReference) {
  const Shape shape{2, 1, 3};
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, shape);
    auto out = run_kernel(OpType::kTile, Attributes(), {in, i32s({3, 2, 1})});
    ASSERT_EQ(out.size(), 1u);
    const Shape expected_shape{6, 2, 3};
    ASSERT_EQ(out[0].shape, expected_shape);
    auto expected = reference_copy(in, expected_shape, [&](const std::vector<int64_t>& index) {
      return std::vector<int64_t>{index[0] % 2, 0, index[2]};
    });
    EXPECT_EQ(out[0].bytes, expected) << dtype_name(dtype);
  }
}

TEST(TileTest, ZeroRepeatGivesEmpty) {
  auto out =
      run_kernel(OpType::kTile, Attributes(), {pattern_tensor(DType::kI8, {2, 3}), i64s({0, 2})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{0, 6}));
}

TEST(TileTest, RejectsBadRepeats) {
  TestTensor in = pattern_tensor(DType::kF32, {2, 3});
  expect_error(kernel_status(OpType::kTile, Attributes(), {in, i64s({2})}),
               StatusCode::kInvalidArgument, "1 repeats");
  expect_error(kernel_status(OpType::kTile, Attributes(), {in, i64s({1, -1})}),
               StatusCode::kInvalidArgument, "negative repeat");
  expect_error(
      status_with_unknowns(OpType::kTile, Attributes(), {in, unknown_data(DType::kI64, {2})}),
      StatusCode::kUnimplemented, "Tile: input 'repeats' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
