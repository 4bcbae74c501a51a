#include <algorithm>
#include <numeric>
#include <random>

#include "runtime/kernels/copy_util.h"
#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

std::vector<uint8_t> reference_transpose(const TestTensor& in, const std::vector<int64_t>& perm,
                                         Shape* out_shape) {
  *out_shape = in.shape;
  for (size_t k = 0; k < perm.size(); ++k) (*out_shape)[k] = in.shape[perm[k]];
  return reference_copy(in, *out_shape, [&](const std::vector<int64_t>& out_index) {
    std::vector<int64_t> in_index(perm.size());
    for (size_t k = 0; k < perm.size(); ++k) in_index[perm[k]] = out_index[k];
    return in_index;
  });
}

TEST(TransposeTest, HandCheckedMatrix) {
  auto out = run_kernel(OpType::kTranspose, attrs_of({{"perm", std::vector<int64_t>{1, 0}}}),
                        {make_tensor<float>(Shape{2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{3, 2}));
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST(TransposeTest, DefaultPermReversesDims) {
  TestTensor in = pattern_tensor(DType::kI32, Shape{2, 3, 4});
  auto out = run_kernel(OpType::kTranspose, Attributes(), {in});
  Shape expected_shape;
  auto expected = reference_transpose(in, {2, 1, 0}, &expected_shape);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{4, 3, 2}));
  EXPECT_EQ(out[0].bytes, expected);
}

TEST(TransposeTest, RandomPermsEveryDtypeMatchReference) {
  std::mt19937 rng(7);
  for (DType dtype : movable_dtypes()) {
    for (int trial = 0; trial < 20; ++trial) {
      const int rank = 1 + trial % 5;
      Shape shape;
      for (int d = 0; d < rank; ++d) shape.push_back(1 + rng() % 5);
      std::vector<int64_t> perm(rank);
      std::iota(perm.begin(), perm.end(), 0);
      std::shuffle(perm.begin(), perm.end(), rng);
      TestTensor in = pattern_tensor(dtype, shape, trial);
      auto out = run_kernel(OpType::kTranspose, attrs_of({{"perm", perm}}), {in});
      Shape expected_shape;
      auto expected = reference_transpose(in, perm, &expected_shape);
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].dtype, dtype);
      EXPECT_EQ(out[0].shape, expected_shape);
      EXPECT_EQ(out[0].bytes, expected) << dtype_name(dtype) << " " << shape.to_string();
    }
  }
}

TEST(TransposeTest, NchwToNhwcUsesFastPathAndMatchesGeneralPath) {
  const int64_t dims[] = {2, 37, 5, 9};
  const int perm[] = {0, 2, 3, 1};
  for (size_t element_size : {1, 2, 4, 8}) {
    runtime::StridedCopyPlan plan = runtime::make_permute_plan(dims, perm, element_size);
    ASSERT_TRUE(runtime::uses_transpose_fast_path(plan));
    const size_t bytes = 2 * 37 * 5 * 9 * element_size;
    std::vector<uint8_t> in(bytes);
    for (size_t i = 0; i < bytes; ++i) in[i] = static_cast<uint8_t>(i * 7 + i / 251);
    std::vector<uint8_t> fast(bytes), general(bytes);
    runtime::copy_strided(plan, in.data(), fast.data());
    runtime::copy_strided_general(plan, in.data(), general.data());
    EXPECT_EQ(fast, general) << "element size " << element_size;
  }
}

TEST(TransposeTest, LargeBlockTransposesMatchReference) {
  // NHWC -> NCHW and a plain matrix, both larger than one 32x32 tile with ragged edges.
  for (auto perm : {std::vector<int64_t>{0, 3, 1, 2}, std::vector<int64_t>{1, 0}}) {
    Shape shape = perm.size() == 4 ? Shape{1, 33, 3, 70} : Shape{65, 47};
    TestTensor in = pattern_tensor(DType::kF32, shape);
    auto out = run_kernel(OpType::kTranspose, attrs_of({{"perm", perm}}), {in});
    Shape expected_shape;
    auto expected = reference_transpose(in, perm, &expected_shape);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].bytes, expected);
  }
}

TEST(TransposeTest, EmptyTensor) {
  auto out = run_kernel(OpType::kTranspose, Attributes(), {pattern_tensor(DType::kF32, {0, 3})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{3, 0}));
}

TEST(TransposeTest, RejectsBadPerm) {
  TestTensor in = pattern_tensor(DType::kF32, {2, 3, 4});
  for (auto perm : {std::vector<int64_t>{0, 0, 1}, std::vector<int64_t>{0, 1, 3},
                    std::vector<int64_t>{-1, 0, 1}}) {
    expect_error(kernel_status(OpType::kTranspose, attrs_of({{"perm", perm}}), {in}),
                 StatusCode::kInvalidArgument, "not a permutation");
  }
  expect_error(
      kernel_status(OpType::kTranspose, attrs_of({{"perm", std::vector<int64_t>{1, 0}}}), {in}),
      StatusCode::kInvalidArgument, "perm has 2 entries for rank 3");
}

TEST(TransposeTest, Int4IsUnimplemented) {
  TestTensor in{DType::kI4, Shape{2, 2}, std::vector<uint8_t>(2)};
  expect_error(kernel_status(OpType::kTranspose, Attributes(), {in}), StatusCode::kUnimplemented,
               "i4");
}

}  // namespace
}  // namespace edgeq::testing
