#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(GatherTest, HandCheckedAxis0WithNegativeIndex) {
  auto out = run_kernel(OpType::kGather, Attributes(),
                        {make_tensor<float>(Shape{3, 2}, {1, 2, 3, 4, 5, 6}),
                         make_tensor<int64_t>(Shape{2, 2}, {0, -1, 1, 2})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{2, 2, 2}));
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 2, 5, 6, 3, 4, 5, 6}));
}

TEST(GatherTest, ScalarIndexDropsTheAxis) {
  auto out = run_kernel(
      OpType::kGather, attrs_of({{"axis", int64_t{1}}}),
      {make_tensor<int32_t>(Shape{2, 3}, {1, 2, 3, 4, 5, 6}), make_tensor<int32_t>(Shape(), {2})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{2}));
  EXPECT_EQ(out[0].values<int32_t>(), (std::vector<int32_t>{3, 6}));
}

TEST(GatherTest, EveryDtypeAndAxisMatchesReference) {
  const Shape shape{3, 4, 5};
  const std::vector<int64_t> indices = {2, -1, 0, 1, -3, 2};
  for (DType dtype : movable_dtypes()) {
    for (int64_t axis = -3; axis < 3; ++axis) {
      const int a = static_cast<int>(axis < 0 ? axis + 3 : axis);
      TestTensor in = pattern_tensor(dtype, shape);
      for (bool i32 : {false, true}) {
        TestTensor idx = i32 ? make_tensor<int32_t>(Shape{2, 3}, {2, -1, 0, 1, -3, 2})
                             : make_tensor<int64_t>(Shape{2, 3}, indices);
        auto out = run_kernel(OpType::kGather, attrs_of({{"axis", axis}}), {in, idx});
        ASSERT_EQ(out.size(), 1u);
        std::vector<int64_t> dims;
        for (int d = 0; d < 3; ++d) {
          if (d == a) {
            dims.insert(dims.end(), {2, 3});
          } else {
            dims.push_back(shape[d]);
          }
        }
        const Shape expected_shape(dims);
        ASSERT_EQ(out[0].shape, expected_shape);
        auto expected = reference_copy(in, expected_shape, [&](const std::vector<int64_t>& o) {
          std::vector<int64_t> index(o.begin(), o.begin() + a);
          int64_t k = indices[o[a] * 3 + o[a + 1]];
          index.push_back(k < 0 ? k + shape[a] : k);
          index.insert(index.end(), o.begin() + a + 2, o.end());
          return index;
        });
        EXPECT_EQ(out[0].bytes, expected) << dtype_name(dtype) << " axis " << axis;
      }
    }
  }
}

TEST(GatherTest, OutOfRangeIndexNamesIt) {
  TestTensor data = pattern_tensor(DType::kF32, {3, 2});
  expect_error(kernel_status(OpType::kGather, Attributes(), {data, i64s({0, 3})}),
               StatusCode::kInvalidArgument, "index 3 (element 1 of indices) is out of range");
  expect_error(kernel_status(OpType::kGather, Attributes(), {data, i32s({-4})}),
               StatusCode::kInvalidArgument, "index -4");
}

TEST(GatherTest, RejectsBadAxisAndIndexDtype) {
  TestTensor data = pattern_tensor(DType::kF32, {3, 2});
  expect_error(kernel_status(OpType::kGather, attrs_of({{"axis", int64_t{2}}}), {data, i64s({0})}),
               StatusCode::kInvalidArgument, "out of range for rank 2");
  expect_error(
      kernel_status(OpType::kGather, Attributes(), {data, make_tensor<float>(Shape{1}, {0})}),
      StatusCode::kInvalidArgument, "indices must be i32 or i64");
}

TEST(GatherTest, EmptyIndices) {
  auto out =
      run_kernel(OpType::kGather, Attributes(), {pattern_tensor(DType::kF32, {3, 2}), i64s({})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{0, 2}));
}

}  // namespace
}  // namespace edgeq::testing
