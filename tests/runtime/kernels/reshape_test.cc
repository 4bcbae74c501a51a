#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

Shape reshaped(const Shape& in, const std::vector<int64_t>& target, int64_t allow_zero = 0) {
  auto out = run_kernel(OpType::kReshape, attrs_of({{"allowzero", allow_zero}}),
                        {pattern_tensor(DType::kF32, in), i64s(target)});
  return out.empty() ? Shape{-1} : out[0].shape;
}

TEST(ReshapeTest, ZeroCopiesAndMinusOneInfers) {
  EXPECT_EQ(reshaped({2, 3, 4}, {0, -1}), (Shape{2, 12}));
  EXPECT_EQ(reshaped({2, 3, 4}, {4, 0, 2}), (Shape{4, 3, 2}));
  EXPECT_EQ(reshaped({2, 3, 4}, {-1}), (Shape{24}));
  EXPECT_EQ(reshaped({1}, {}), Shape());
  EXPECT_EQ(reshaped({0, 3}, {3, 0}, /*allow_zero=*/1), (Shape{3, 0}));
}

TEST(ReshapeTest, EveryDtypeKeepsBytesIncludingI32ShapeAndI4) {
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, {2, 3, 2});
    auto out = run_kernel(OpType::kReshape, Attributes(), {in, i32s({3, 4})});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].shape, (Shape{3, 4}));
    EXPECT_EQ(out[0].dtype, dtype);
    EXPECT_EQ(out[0].bytes, in.bytes);
  }
  TestTensor packed{DType::kI4, Shape{2, 3}, {0x21, 0x43, 0x65}};
  auto out = run_kernel(OpType::kReshape, Attributes(), {packed, i64s({6})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].bytes, packed.bytes);
}

TEST(ReshapeTest, CountMismatchNamesBothShapes) {
  expect_error(kernel_status(OpType::kReshape, Attributes(),
                             {pattern_tensor(DType::kF32, {2, 3}), i64s({4, 2})}),
               StatusCode::kInvalidArgument,
               "cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)");
}

TEST(ReshapeTest, RejectsBadShapes) {
  TestTensor in = pattern_tensor(DType::kF32, {2, 3});
  expect_error(kernel_status(OpType::kReshape, Attributes(), {in, i64s({-1, -1})}),
               StatusCode::kInvalidArgument, "more than one -1");
  expect_error(kernel_status(OpType::kReshape, Attributes(), {in, i64s({-2, 3})}),
               StatusCode::kInvalidArgument, "invalid dimension -2");
  expect_error(kernel_status(OpType::kReshape, Attributes(), {in, i64s({4, -1})}),
               StatusCode::kInvalidArgument, "cannot infer");
  // A -1 next to a zero-size dim is ambiguous (numpy rejects it too).
  expect_error(kernel_status(OpType::kReshape, Attributes(),
                             {pattern_tensor(DType::kF32, {0, 3}), i64s({0, -1})}),
               StatusCode::kInvalidArgument, "cannot infer");
  expect_error(kernel_status(OpType::kReshape, Attributes(), {in, i64s({6, 1, 0})}),
               StatusCode::kInvalidArgument, "lacks");
  expect_error(
      kernel_status(OpType::kReshape, Attributes(), {in, make_tensor<float>(Shape{1}, {6})}),
      StatusCode::kInvalidArgument, "must be i32 or i64");
}

TEST(ReshapeTest, NonConstantShapeIsUnimplemented) {
  expect_error(
      status_with_unknowns(OpType::kReshape, Attributes(),
                           {pattern_tensor(DType::kF32, {2, 3}), unknown_data(DType::kI64, {2})}),
      StatusCode::kUnimplemented, "Reshape: input 'shape' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
