#include "runtime/kernels/gemm_f32.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::runtime {
namespace {

using testing::expect_near;
using testing::random_floats;

struct Case {
  int64_t m, n, k;
  bool trans_a, trans_b;
  float alpha, beta;
  bool pack_a, pack_b;
};

// C = alpha * op(A) op(B) + beta * C with a triple loop in double.
std::vector<float> reference(const Case& c, const std::vector<float>& a,
                             const std::vector<float>& b, const std::vector<float>& c_in,
                             int64_t ldc) {
  std::vector<float> out = c_in;
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = 0; j < c.n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < c.k; ++p) {
        const float av = c.trans_a ? a[p * c.m + i] : a[i * c.k + p];
        const float bv = c.trans_b ? b[j * c.k + p] : b[p * c.n + j];
        sum += static_cast<double>(av) * bv;
      }
      const double prior = c.beta == 0.f ? 0.0 : c.beta * static_cast<double>(c_in[i * ldc + j]);
      out[i * ldc + j] = static_cast<float>(c.alpha * sum + prior);
    }
  }
  return out;
}

void check(const Case& c) {
  SCOPED_TRACE(::testing::Message() << "m=" << c.m << " n=" << c.n << " k=" << c.k << " tA="
                                    << c.trans_a << " tB=" << c.trans_b << " packA=" << c.pack_a
                                    << " packB=" << c.pack_b << " beta=" << c.beta);
  const int64_t ldc = c.n + 3;  // a row stride wider than the row
  auto a = random_floats(c.m * c.k, 1);
  auto b = random_floats(c.k * c.n, 2);
  auto c_mat = random_floats(c.m * ldc, 3);
  if (c.beta == 0.f) {  // C must not be read: garbage there must not leak into the result
    for (auto& v : c_mat) v = std::numeric_limits<float>::quiet_NaN();
  }
  const std::vector<float> expected = reference(c, a, b, c_mat, ldc);

  GemmOperand op_a = GemmOperand::matrix(a.data(), c.trans_a ? c.m : c.k, c.trans_a);
  GemmOperand op_b = GemmOperand::matrix(b.data(), c.trans_b ? c.k : c.n, c.trans_b);
  std::vector<float> packed_a, packed_b;
  if (c.pack_a) {
    packed_a.resize(packed_gemm_a_floats(c.m, c.k));
    pack_gemm_a(op_a, c.m, c.k, packed_a.data());
    op_a = GemmOperand::prepacked(packed_a.data());
  }
  if (c.pack_b) {
    packed_b.resize(packed_gemm_b_floats(c.k, c.n));
    pack_gemm_b(op_b, c.k, c.n, packed_b.data());
    op_b = GemmOperand::prepacked(packed_b.data());
  }
  std::vector<float> scratch(gemm_f32_scratch_floats(c.m, c.n, c.k),
                             std::numeric_limits<float>::quiet_NaN());
  gemm_f32(c.m, c.n, c.k, c.alpha, op_a, op_b, c.beta, c_mat.data(), ldc, scratch.data());
  // Columns past n (the padding of each row) must be untouched.
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = c.n; j < ldc; ++j) {
      const float before = expected[i * ldc + j];
      const float after = c_mat[i * ldc + j];
      ASSERT_TRUE((before == after) || (before != before && after != after)) << i << "," << j;
    }
  }
  for (int64_t i = 0; i < c.m; ++i) {
    std::vector<float> got(c_mat.begin() + i * ldc, c_mat.begin() + i * ldc + c.n);
    std::vector<float> want(expected.begin() + i * ldc, expected.begin() + i * ldc + c.n);
    expect_near(got, want, 1e-4f, 1e-4f);
  }
}

TEST(GemmF32Test, OddSizesAllTransposesAndPackings) {
  const int64_t sizes[][3] = {{1, 1, 1},    {3, 5, 7},  {5, 17, 3},
                              {13, 33, 29}, {4, 16, 1}, {7, 1, 40}};
  for (const auto& s : sizes) {
    for (int flags = 0; flags < 16; ++flags) {
      check({s[0], s[1], s[2], (flags & 1) != 0, (flags & 2) != 0, 1.f, 0.f, (flags & 4) != 0,
             (flags & 8) != 0});
    }
  }
}

TEST(GemmF32Test, AlphaAndBeta) {
  check({9, 21, 11, false, false, 0.5f, 1.f, false, false});
  check({9, 21, 11, true, true, -2.f, 0.25f, true, true});
}

TEST(GemmF32Test, SizesBeyondEveryCacheBlock) {
  // Depth beyond one depth block, rows beyond one row block, columns beyond one column panel.
  check({130, 37, 600, false, false, 1.f, 0.5f, false, false});
  check({130, 37, 600, true, false, 1.f, 0.f, true, true});
  check({3, 4100, 9, false, true, 1.f, 0.f, false, false});
  check({3, 4100, 9, false, false, 1.f, 1.f, false, true});
}

TEST(GemmF32Test, EmptyDepthScalesC) {
  std::vector<float> c = {1.f, 2.f, 3.f, 4.f};
  std::vector<float> scratch(gemm_f32_scratch_floats(2, 2, 0) + 1);
  gemm_f32(2, 2, 0, 1.f, GemmOperand::matrix(nullptr, 0), GemmOperand::matrix(nullptr, 2), 0.5f,
           c.data(), 2, scratch.data());
  expect_near(c, {0.5f, 1.f, 1.5f, 2.f});
}

}  // namespace
}  // namespace edgeq::runtime
