#include <random>

#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

std::vector<float> iota_floats(int64_t n) {
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

TEST(SliceTest, HandCheckedWithAxesAndSteps) {
  TestTensor in = make_tensor<float>(Shape{3, 4}, iota_floats(12));
  auto out = run_kernel(OpType::kSlice, Attributes(),
                        {in, i64s({0, 1}), i64s({3, 4}), i64s({0, 1}), i64s({2, 2})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{2, 2}));
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 3, 9, 11}));
}

TEST(SliceTest, NegativeStepsAndClamping) {
  TestTensor in = make_tensor<float>(Shape{5}, iota_floats(5));
  auto reversed = run_kernel(OpType::kSlice, Attributes(),
                             {in, i64s({-1}), i64s({INT64_MIN}), i64s({0}), i64s({-1})});
  ASSERT_EQ(reversed.size(), 1u);
  EXPECT_EQ(reversed[0].values<float>(), (std::vector<float>{4, 3, 2, 1, 0}));
  auto clamped = run_kernel(OpType::kSlice, Attributes(),
                            {in, i64s({-100}), i64s({INT64_MAX}), i64s({-1}), i64s({2})});
  ASSERT_EQ(clamped.size(), 1u);
  EXPECT_EQ(clamped[0].values<float>(), (std::vector<float>{0, 2, 4}));
  auto backwards_from_past_end =
      run_kernel(OpType::kSlice, Attributes(), {in, i64s({10}), i64s({1}), i64s({0}), i64s({-2})});
  ASSERT_EQ(backwards_from_past_end.size(), 1u);
  EXPECT_EQ(backwards_from_past_end[0].values<float>(), (std::vector<float>{4, 2}));
  auto empty = run_kernel(OpType::kSlice, Attributes(), {in, i32s({3}), i32s({1})});
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].shape, (Shape{0}));
}

TEST(SliceTest, RandomSlicesEveryDtypeMatchReference) {
  std::mt19937 rng(3);
  for (DType dtype : movable_dtypes()) {
    for (int trial = 0; trial < 30; ++trial) {
      Shape shape{1 + static_cast<int64_t>(rng() % 4), 1 + static_cast<int64_t>(rng() % 5),
                  1 + static_cast<int64_t>(rng() % 6)};
      std::vector<int64_t> starts, ends, axes, steps;
      for (int a = 0; a < 3; ++a) {
        if (rng() % 3 == 0) continue;
        const int64_t dim = shape[a];
        const int64_t step = (rng() % 2 ? 1 : -1) * (1 + static_cast<int64_t>(rng() % 3));
        starts.push_back(static_cast<int64_t>(rng() % (2 * dim + 3)) - dim - 1);
        ends.push_back(static_cast<int64_t>(rng() % (2 * dim + 3)) - dim - 1);
        axes.push_back(rng() % 2 ? a : a - 3);
        steps.push_back(step);
      }
      TestTensor in = pattern_tensor(dtype, shape, trial);
      auto out = run_kernel(OpType::kSlice, Attributes(),
                            {in, i64s(starts), i64s(ends), i64s(axes), i64s(steps)});
      ASSERT_EQ(out.size(), 1u);
      // Reference: the element list of each axis, by walking the ONNX loop literally.
      std::vector<std::vector<int64_t>> picks(3);
      for (int a = 0; a < 3; ++a) {
        for (int64_t i = 0; i < shape[a]; ++i) picks[a].push_back(i);
      }
      for (size_t k = 0; k < axes.size(); ++k) {
        const int a = static_cast<int>(axes[k] < 0 ? axes[k] + 3 : axes[k]);
        const int64_t dim = shape[a];
        int64_t s = starts[k] < 0 ? starts[k] + dim : starts[k];
        int64_t e = ends[k] < 0 ? ends[k] + dim : ends[k];
        picks[a].clear();
        if (steps[k] > 0) {
          s = std::clamp<int64_t>(s, 0, dim);
          e = std::clamp<int64_t>(e, 0, dim);
          for (int64_t i = s; i < e; i += steps[k]) picks[a].push_back(i);
        } else {
          s = std::clamp<int64_t>(s, 0, dim - 1);
          e = std::clamp<int64_t>(e, -1, dim - 1);
          for (int64_t i = s; i > e; i += steps[k]) picks[a].push_back(i);
        }
      }
      Shape expected_shape{static_cast<int64_t>(picks[0].size()),
                           static_cast<int64_t>(picks[1].size()),
                           static_cast<int64_t>(picks[2].size())};
      ASSERT_EQ(out[0].shape, expected_shape);
      auto expected = reference_copy(in, expected_shape, [&](const std::vector<int64_t>& index) {
        return std::vector<int64_t>{picks[0][index[0]], picks[1][index[1]], picks[2][index[2]]};
      });
      EXPECT_EQ(out[0].bytes, expected) << dtype_name(dtype) << " trial " << trial;
    }
  }
}

TEST(SliceTest, RejectsBadInput) {
  TestTensor in = pattern_tensor(DType::kF32, {4, 4});
  expect_error(
      kernel_status(OpType::kSlice, Attributes(), {in, i64s({0}), i64s({2}), i64s({0}), i64s({0})}),
      StatusCode::kInvalidArgument, "step 0");
  expect_error(kernel_status(OpType::kSlice, Attributes(), {in, i64s({0}), i64s({2}), i64s({2})}),
               StatusCode::kInvalidArgument, "axis 2 is out of range");
  expect_error(
      kernel_status(OpType::kSlice, Attributes(), {in, i64s({0, 0}), i64s({2, 2}), i64s({1, -1})}),
      StatusCode::kInvalidArgument, "repeated");
  expect_error(kernel_status(OpType::kSlice, Attributes(), {in, i64s({0, 0}), i64s({2})}),
               StatusCode::kInvalidArgument, "must match");
  expect_error(status_with_unknowns(OpType::kSlice, Attributes(),
                                    {in, i64s({0}), unknown_data(DType::kI64, {1})}),
               StatusCode::kUnimplemented, "Slice: input 'ends' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
