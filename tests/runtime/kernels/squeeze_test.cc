#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(SqueezeTest, AxesFromInputOrAttributeOrAll) {
  TestTensor in = pattern_tensor(DType::kU8, {1, 3, 1, 2});
  auto from_input = run_kernel(OpType::kSqueeze, Attributes(), {in, i64s({-2})});
  auto from_attr =
      run_kernel(OpType::kSqueeze, attrs_of({{"axes", std::vector<int64_t>{0}}}), {in});
  auto all = run_kernel(OpType::kSqueeze, Attributes(), {in});
  ASSERT_EQ(from_input.size(), 1u);
  ASSERT_EQ(from_attr.size(), 1u);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(from_input[0].shape, (Shape{1, 3, 2}));
  EXPECT_EQ(from_attr[0].shape, (Shape{3, 1, 2}));
  EXPECT_EQ(all[0].shape, (Shape{3, 2}));
  EXPECT_EQ(all[0].bytes, in.bytes);
}

TEST(SqueezeTest, EveryDtypeKeepsBytes) {
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, {2, 1, 3});
    auto out = run_kernel(OpType::kSqueeze, Attributes(), {in, i32s({1})});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].shape, (Shape{2, 3}));
    EXPECT_EQ(out[0].bytes, in.bytes) << dtype_name(dtype);
  }
}

TEST(SqueezeTest, RejectsBadAxes) {
  TestTensor in = pattern_tensor(DType::kF32, {1, 3});
  expect_error(kernel_status(OpType::kSqueeze, Attributes(), {in, i64s({1})}),
               StatusCode::kInvalidArgument, "has size 3, not 1");
  expect_error(kernel_status(OpType::kSqueeze, Attributes(), {in, i64s({2})}),
               StatusCode::kInvalidArgument, "out of range");
  expect_error(kernel_status(OpType::kSqueeze, Attributes(), {in, i64s({0, -2})}),
               StatusCode::kInvalidArgument, "repeated");
  expect_error(
      status_with_unknowns(OpType::kSqueeze, Attributes(), {in, unknown_data(DType::kI64, {1})}),
      StatusCode::kUnimplemented, "Squeeze: input 'axes' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
