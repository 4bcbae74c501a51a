#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(SplitTest, EqualPartsDefaultAxis) {
  auto out = run_kernel(OpType::kSplit, Attributes(),
                        {make_tensor<float>(Shape{4, 2}, {1, 2, 3, 4, 5, 6, 7, 8})}, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].shape, (Shape{2, 2}));
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_EQ(out[1].values<float>(), (std::vector<float>{5, 6, 7, 8}));
}

TEST(SplitTest, SizesFromInputAttributeAndNegativeAxis) {
  TestTensor in = make_tensor<int32_t>(Shape{2, 5}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  const std::vector<std::vector<int32_t>> expected = {{0, 1, 5, 6}, {}, {2, 3, 4, 7, 8, 9}};
  auto from_input =
      run_kernel(OpType::kSplit, attrs_of({{"axis", int64_t{-1}}}), {in, i64s({2, 0, 3})}, 3);
  auto from_attr = run_kernel(
      OpType::kSplit, attrs_of({{"axis", int64_t{1}}, {"split", std::vector<int64_t>{2, 0, 3}}}),
      {in}, 3);
  for (const auto* out : {&from_input, &from_attr}) {
    ASSERT_EQ(out->size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ((*out)[i].values<int32_t>(), expected[i]) << i;
    EXPECT_EQ((*out)[1].shape, (Shape{2, 0}));
  }
}

TEST(SplitTest, NumOutputsLastPartSmaller) {
  auto out = run_kernel(OpType::kSplit, attrs_of({{"num_outputs", int64_t{3}}}),
                        {make_tensor<float>(Shape{7}, {1, 2, 3, 4, 5, 6, 7})}, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(out[1].values<float>(), (std::vector<float>{4, 5, 6}));
  EXPECT_EQ(out[2].values<float>(), (std::vector<float>{7}));
}

TEST(SplitTest, EveryDtypeRoundTripsThroughConcat) {
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, {3, 6, 2});
    auto parts =
        run_kernel(OpType::kSplit, attrs_of({{"axis", int64_t{1}}}), {in, i64s({1, 4, 1})}, 3);
    ASSERT_EQ(parts.size(), 3u);
    auto joined = run_kernel(OpType::kConcat, attrs_of({{"axis", int64_t{1}}}), parts);
    ASSERT_EQ(joined.size(), 1u);
    EXPECT_EQ(joined[0].bytes, in.bytes) << dtype_name(dtype);
  }
}

TEST(SplitTest, RejectsBadSplits) {
  TestTensor in = pattern_tensor(DType::kF32, {5});
  expect_error(kernel_status(OpType::kSplit, Attributes(), {in}, 2), StatusCode::kInvalidArgument,
               "does not divide");
  expect_error(kernel_status(OpType::kSplit, Attributes(), {in, i64s({2, 2})}, 2),
               StatusCode::kInvalidArgument, "add up to 4");
  expect_error(kernel_status(OpType::kSplit, Attributes(), {in, i64s({5})}, 2),
               StatusCode::kInvalidArgument, "1 split sizes for 2 outputs");
  expect_error(kernel_status(OpType::kSplit, attrs_of({{"axis", int64_t{1}}}), {in}, 1),
               StatusCode::kInvalidArgument, "out of range");
  expect_error(
      status_with_unknowns(OpType::kSplit, Attributes(), {in, unknown_data(DType::kI64, {2})}, 2),
      StatusCode::kUnimplemented, "Split: input 'split' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
