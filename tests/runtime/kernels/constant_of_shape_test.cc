#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(ConstantOfShapeTest, DefaultsToF32Zero) {
  auto out = run_kernel(OpType::kConstantOfShape, Attributes(), {i64s({2, 3})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dtype, DType::kF32);
  EXPECT_EQ(out[0].shape, (Shape{2, 3}));
  EXPECT_EQ(out[0].values<float>(), std::vector<float>(6, 0.f));
}

TEST(ConstantOfShapeTest, FloatAndIntegerValues) {
  auto f32 = run_kernel(OpType::kConstantOfShape, attrs_of({{"value", 1.5f}}), {i32s({3})});
  auto i64 = run_kernel(OpType::kConstantOfShape,
                        attrs_of({{"dtype", std::string("i64")},
                                  {"value", int64_t{9007199254740993}}}),  // not exact in float
                        {i64s({2})});
  auto i32 =
      run_kernel(OpType::kConstantOfShape,
                 attrs_of({{"dtype", std::string("i32")}, {"value", int64_t{-7}}}), {i64s({1, 2})});
  auto f16 = run_kernel(OpType::kConstantOfShape,
                        attrs_of({{"dtype", std::string("f16")}, {"value", 2.f}}), {i64s({2})});
  auto boolean =
      run_kernel(OpType::kConstantOfShape,
                 attrs_of({{"dtype", std::string("bool")}, {"value", int64_t{1}}}), {i64s({3})});
  ASSERT_EQ(f32.size(), 1u);
  ASSERT_EQ(i64.size(), 1u);
  ASSERT_EQ(i32.size(), 1u);
  ASSERT_EQ(f16.size(), 1u);
  ASSERT_EQ(boolean.size(), 1u);
  EXPECT_EQ(f32[0].values<float>(), (std::vector<float>{1.5f, 1.5f, 1.5f}));
  EXPECT_EQ(i64[0].values<int64_t>(), (std::vector<int64_t>{9007199254740993, 9007199254740993}));
  EXPECT_EQ(i32[0].shape, (Shape{1, 2}));
  EXPECT_EQ(i32[0].values<int32_t>(), (std::vector<int32_t>{-7, -7}));
  EXPECT_EQ(f16[0].values<uint16_t>(), (std::vector<uint16_t>{0x4000, 0x4000}));
  EXPECT_EQ(boolean[0].bytes, (std::vector<uint8_t>{1, 1, 1}));
}

TEST(ConstantOfShapeTest, EmptyShapeGivesScalarAndZeroDimGivesEmpty) {
  auto scalar = run_kernel(OpType::kConstantOfShape, attrs_of({{"value", 3.f}}), {i64s({})});
  ASSERT_EQ(scalar.size(), 1u);
  EXPECT_EQ(scalar[0].shape, Shape());
  EXPECT_EQ(scalar[0].values<float>(), (std::vector<float>{3.f}));
  auto empty = run_kernel(OpType::kConstantOfShape, Attributes(), {i64s({2, 0})});
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].shape.numel(), 0);
}

TEST(ConstantOfShapeTest, RejectsBadInput) {
  expect_error(kernel_status(OpType::kConstantOfShape, attrs_of({{"dtype", std::string("f64")}}),
                             {i64s({2})}),
               StatusCode::kInvalidArgument, "unknown dtype 'f64'");
  expect_error(kernel_status(OpType::kConstantOfShape, attrs_of({{"dtype", std::string("i4")}}),
                             {i64s({2})}),
               StatusCode::kUnimplemented, "i4");
  expect_error(kernel_status(OpType::kConstantOfShape, Attributes(), {i64s({2, -1})}),
               StatusCode::kInvalidArgument, "negative output dimension -1");
  expect_error(status_with_unknowns(OpType::kConstantOfShape, Attributes(),
                                    {unknown_data(DType::kI64, {2})}),
               StatusCode::kUnimplemented, "ConstantOfShape: input 'input' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
