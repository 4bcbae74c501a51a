// The Gemm op against a triple loop: transA / transB, alpha / beta, every C broadcast, constant
// and run-time B.
#include <gtest/gtest.h>

#include <vector>

#include "tests/runtime/kernels/gemm_f32_test_util.h"

namespace edgeq::testing {
namespace {

std::vector<float> reference(int64_t m, int64_t n, int64_t k, bool ta, bool tb, float alpha,
                             float beta, const std::vector<float>& a, const std::vector<float>& b,
                             const std::vector<float>* c, int64_t c_rows, int64_t c_cols) {
  std::vector<float> y(m * n);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < k; ++p) {
        sum += static_cast<double>(ta ? a[p * m + i] : a[i * k + p]) *
               (tb ? b[j * k + p] : b[p * n + j]);
      }
      double bias = 0;
      if (c != nullptr) bias = (*c)[(c_rows == 1 ? 0 : i) * c_cols + (c_cols == 1 ? 0 : j)];
      y[i * n + j] = static_cast<float>(alpha * sum + beta * bias);
    }
  }
  return y;
}

TEST(GemmTest, TransposesAlphaBetaAndBroadcastC) {
  const int64_t m = 7, n = 19, k = 13;
  const std::vector<Shape> c_shapes = {Shape{},     Shape{n},    Shape{1, n},
                                       Shape{m, 1}, Shape{m, n}, Shape{1}};
  for (int flags = 0; flags < 4; ++flags) {
    const bool ta = flags & 1, tb = flags & 2;
    for (const Shape& c_shape : c_shapes) {
      SCOPED_TRACE(::testing::Message()
                   << "transA=" << ta << " transB=" << tb << " C " << c_shape.to_string());
      auto a = random_floats(m * k, 1);
      auto b = random_floats(k * n, 2);
      auto c = random_floats(c_shape.numel(), 3);
      Attributes attrs;
      attrs.set("transA", int64_t{ta});
      attrs.set("transB", int64_t{tb});
      attrs.set("alpha", 0.75f);
      attrs.set("beta", -1.5f);
      std::vector<TestTensor> inputs = {make_tensor(ta ? Shape{k, m} : Shape{m, k}, a),
                                        make_tensor(tb ? Shape{n, k} : Shape{k, n}, b),
                                        make_tensor(c_shape, c)};
      Shape shape;
      auto [constant, runtime] = run_both_ways(OpType::kGemm, attrs, inputs, {1, 2}, &shape);
      EXPECT_EQ(shape, (Shape{m, n}));
      const int64_t c_rows = c_shape.rank() == 2 ? c_shape[0] : 1;
      const int64_t c_cols = c_shape.rank() >= 1 ? c_shape[c_shape.rank() - 1] : 1;
      const auto expected = reference(m, n, k, ta, tb, 0.75f, -1.5f, a, b, &c, c_rows, c_cols);
      expect_near(constant, expected, 1e-4f, 1e-5f);
      expect_near(runtime, expected, 1e-4f, 1e-5f);
    }
  }
}

TEST(GemmTest, WithoutC) {
  auto a = random_floats(5 * 300, 4);
  auto b = random_floats(300 * 33, 5);
  auto [constant, runtime] =
      run_both_ways(OpType::kGemm, Attributes(),
                    {make_tensor(Shape{5, 300}, a), make_tensor(Shape{300, 33}, b)}, {1});
  const auto expected = reference(5, 33, 300, false, false, 1.f, 1.f, a, b, nullptr, 1, 1);
  expect_near(constant, expected, 1e-4f, 1e-5f);
  expect_near(runtime, expected, 1e-4f, 1e-5f);
}

TEST(GemmTest, RejectsBadInput) {
  auto a = make_tensor(Shape{3, 4}, random_floats(12, 1));
  EXPECT_EQ(kernel_status(OpType::kGemm, Attributes(),
                          {a, make_tensor(Shape{5, 2}, random_floats(10, 2))})
                .code(),
            StatusCode::kInvalidArgument);  // inner dims 4 vs 5
  EXPECT_EQ(kernel_status(OpType::kGemm, Attributes(),
                          {a, make_tensor(Shape{4, 2}, random_floats(8, 2)),
                           make_tensor(Shape{2, 2}, random_floats(4, 3))})
                .code(),
            StatusCode::kInvalidArgument);  // C [2, 2] does not broadcast to [3, 2]
  EXPECT_EQ(kernel_status(OpType::kGemm, Attributes(),
                          {make_tensor(Shape{12}, random_floats(12, 1)),
                           make_tensor(Shape{4, 2}, random_floats(8, 2))})
                .code(),
            StatusCode::kInvalidArgument);  // A is not a matrix
}

}  // namespace
}  // namespace edgeq::testing
