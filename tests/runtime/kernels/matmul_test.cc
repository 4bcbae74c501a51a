// MatMul against a triple loop: batched with numpy broadcasting, 1-D operands, constant and
// run-time B.
#include <gtest/gtest.h>

#include <vector>

#include "tests/runtime/kernels/gemm_f32_test_util.h"

namespace edgeq::testing {
namespace {

// Reference for A [batch_a..., m, k] x B [batch_b..., k, n] where the batch shapes are already
// right-aligned to `batch` (size-1 dims broadcast).
std::vector<float> reference(const std::vector<int64_t>& batch, const std::vector<int64_t>& a_batch,
                             const std::vector<int64_t>& b_batch, int64_t m, int64_t n, int64_t k,
                             const std::vector<float>& a, const std::vector<float>& b) {
  int64_t count = 1;
  for (int64_t d : batch) count *= d;
  std::vector<float> y(count * m * n);
  for (int64_t index = 0; index < count; ++index) {
    int64_t rest = index, ai = 0, bi = 0, as = 1, bs = 1;
    for (size_t d = batch.size(); d-- > 0;) {
      const int64_t coord = rest % batch[d];
      rest /= batch[d];
      ai += (a_batch[d] == 1 ? 0 : coord) * as;
      bi += (b_batch[d] == 1 ? 0 : coord) * bs;
      as *= a_batch[d];
      bs *= b_batch[d];
    }
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0;
        for (int64_t p = 0; p < k; ++p) {
          sum += static_cast<double>(a[(ai * m + i) * k + p]) * b[(bi * k + p) * n + j];
        }
        y[(index * m + i) * n + j] = static_cast<float>(sum);
      }
    }
  }
  return y;
}

void check(const std::vector<int64_t>& a_dims, const std::vector<int64_t>& b_dims,
           const Shape& want_shape, const std::vector<int64_t>& batch,
           const std::vector<int64_t>& a_batch, const std::vector<int64_t>& b_batch, int64_t m,
           int64_t n, int64_t k) {
  SCOPED_TRACE(Shape(a_dims).to_string() + " x " + Shape(b_dims).to_string());
  const Shape a_shape(a_dims), b_shape(b_dims);
  auto a = random_floats(a_shape.numel(), 7);
  auto b = random_floats(b_shape.numel(), 8);
  Shape shape;
  auto [constant, runtime] =
      run_both_ways(OpType::kMatMul, Attributes(),
                    {make_tensor(a_shape, a), make_tensor(b_shape, b)}, {1}, &shape);
  EXPECT_EQ(shape, want_shape);
  const auto expected = reference(batch, a_batch, b_batch, m, n, k, a, b);
  expect_near(constant, expected, 1e-4f, 1e-5f);
  expect_near(runtime, expected, 1e-4f, 1e-5f);
}

TEST(MatMulTest, Matrices) { check({9, 31}, {31, 18}, Shape{9, 18}, {}, {}, {}, 9, 18, 31); }

TEST(MatMulTest, BatchedAFoldsIntoRows) {
  check({2, 3, 5, 7}, {7, 6}, Shape{2, 3, 5, 6}, {2, 3}, {2, 3}, {1, 1}, 5, 6, 7);
}

TEST(MatMulTest, BroadcastBatches) {
  check({2, 1, 5, 7}, {1, 3, 7, 6}, Shape{2, 3, 5, 6}, {2, 3}, {2, 1}, {1, 3}, 5, 6, 7);
  check({5, 7}, {4, 7, 3}, Shape{4, 5, 3}, {4}, {1}, {4}, 5, 3, 7);
}

TEST(MatMulTest, VectorOperands) {
  check({7}, {7, 4}, Shape{4}, {}, {}, {}, 1, 4, 7);
  check({3, 7}, {7}, Shape{3}, {}, {}, {}, 3, 1, 7);
  check({2, 3, 7}, {7}, Shape{2, 3}, {2}, {2}, {1}, 3, 1, 7);
  check({7}, {2, 7, 4}, Shape{2, 4}, {2}, {1}, {2}, 1, 4, 7);
  check({7}, {7}, Shape{}, {}, {}, {}, 1, 1, 7);
}

TEST(MatMulTest, RejectsBadInput) {
  EXPECT_EQ(kernel_status(OpType::kMatMul, Attributes(),
                          {make_tensor(Shape{3, 4}, random_floats(12, 1)),
                           make_tensor(Shape{5, 2}, random_floats(10, 2))})
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kMatMul, Attributes(),
                          {make_tensor(Shape{2, 3, 4}, random_floats(24, 1)),
                           make_tensor(Shape{3, 4, 2}, random_floats(24, 2))})
                .code(),
            StatusCode::kInvalidArgument);  // batch 2 vs 3
}

}  // namespace
}  // namespace edgeq::testing
