// QLinearAdd, QLinearMul, QLinearSigmoid and QLinearLeakyRelu against the real-valued ONNX
// formula (round half to even). Multiply and the lookup tables follow XNNPACK's float arithmetic
// and may differ from the double-precision formula by one code at rounding ties; add uses
// XNNPACK's fixed point (21-bit multipliers, ties rounded up), whose mismatch rate is measured and
// bounded here.
#include <cstdio>

#include "tests/runtime/kernels/qlinear_test_util.h"

namespace edgeq::testing {
namespace {

struct BinaryCase {
  Shape a, b;
  float a_scale, b_scale, c_scale;
  int a_zp, b_zp, c_zp;
};

template <typename T>
Mismatch check_binary(OpType op, const BinaryCase& k, uint32_t seed, int out_min = -1000,
                      int out_max = 1000) {
  constexpr int lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  const auto a = random_codes<T>(k.a.numel(), seed);
  const auto b = random_codes<T>(k.b.numel(), seed + 1);
  Attributes attrs;
  const int qmin = std::max(lo, out_min), qmax = std::min(hi, out_max);
  if (out_min > lo) attrs.set("output_min", int64_t{qmin});
  if (out_max < hi) attrs.set("output_max", int64_t{qmax});
  const auto out =
      run_kernel(op, attrs,
                 {make_tensor<T>(k.a, a), scalar_f32(k.a_scale), scalar_code<T>(k.a_zp),
                  make_tensor<T>(k.b, b), scalar_f32(k.b_scale), scalar_code<T>(k.b_zp),
                  scalar_f32(k.c_scale), scalar_code<T>(k.c_zp)});
  Mismatch mismatch;
  if (out.size() != 1) {
    ADD_FAILURE() << "no output";
    return mismatch;
  }
  const auto c = out[0].template values<T>();
  // Broadcasting over [d0, d1, d2] shapes with 1 where an input is broadcast.
  const Shape& s = out[0].shape;
  EXPECT_EQ(s.rank(), 3);
  for (int64_t i = 0; i < s[0]; ++i) {
    for (int64_t j = 0; j < s[1]; ++j) {
      for (int64_t l = 0; l < s[2]; ++l) {
        auto at = [&](const Shape& sh) {
          return ((sh[0] == 1 ? 0 : i) * sh[1] + (sh[1] == 1 ? 0 : j)) * sh[2] +
                 (sh[2] == 1 ? 0 : l);
        };
        const double av = (int{a[at(k.a)]} - k.a_zp) * double{k.a_scale};
        const double bv = (int{b[at(k.b)]} - k.b_zp) * double{k.b_scale};
        const double real = op == OpType::kQLinearAdd ? av + bv : av * bv;
        mismatch.add(c[(i * s[1] + j) * s[2] + l],
                     reference_quantize(real / k.c_scale, k.c_zp, qmin, qmax));
      }
    }
  }
  return mismatch;
}

const BinaryCase kBinaryCases[] = {
    {{2, 3, 17}, {2, 3, 17}, 0.02f, 0.03f, 0.04f, 5, -7, 3},
    {{4, 1, 9}, {1, 5, 9}, 0.011f, 0.5f, 0.3f, -20, 10, 0},
    {{3, 7, 1}, {1, 1, 1}, 0.1f, 0.07f, 0.05f, 0, 100, -60},
    {{1, 2, 33}, {3, 2, 1}, 0.002f, 0.004f, 0.0031f, 1, 2, 3},
};

TEST(QLinearAddTest, MatchesRealFormulaWithinOneCode) {
  Mismatch total;
  uint32_t seed = 10;
  for (const BinaryCase& k : kBinaryCases) {
    total.merge(check_binary<int8_t>(OpType::kQLinearAdd, k, seed++));
    total.merge(check_binary<int8_t>(OpType::kQLinearAdd, k, seed++, -50, 90));
    BinaryCase u = k;
    u.a_zp += 128, u.b_zp += 128, u.c_zp += 128;
    total.merge(check_binary<uint8_t>(OpType::kQLinearAdd, u, seed++));
  }
  // Fixed point differs from the real formula only near ties (measured: see the report line).
  EXPECT_LE(total.max_difference, 1);
  EXPECT_LE(total.count * 100, 5 * total.total)
      << total.count << " of " << total.total << " differ";
  std::printf("QLinearAdd vs real formula: %lld of %lld differ by one\n",
              static_cast<long long>(total.count), static_cast<long long>(total.total));
}

TEST(QLinearMulTest, MatchesRealFormulaWithinOneCode) {
  uint32_t seed = 40;
  int64_t differing = 0;
  for (const BinaryCase& k : kBinaryCases) {
    const Mismatch m = check_binary<int8_t>(OpType::kQLinearMul, k, seed++);
    const Mismatch c = check_binary<int8_t>(OpType::kQLinearMul, k, seed++, -100, 20);
    BinaryCase u = k;
    u.a_zp += 128, u.b_zp += 128, u.c_zp += 128;
    const Mismatch q = check_binary<uint8_t>(OpType::kQLinearMul, u, seed++);
    EXPECT_LE(std::max({m.max_difference, c.max_difference, q.max_difference}), 1);
    differing += m.count + c.count + q.count;
  }
  EXPECT_LE(differing, 3) << "float rounding should differ only at exact ties";
}

TEST(QLinearAddTest, RejectsScaleRatiosOutsideXnnpackRange) {
  const auto x = make_tensor<int8_t>({2}, {1, 2});
  const Status s = kernel_status(OpType::kQLinearAdd, {},
                                 {x, scalar_f32(1.f), scalar_code<int8_t>(0), x, scalar_f32(1.f),
                                  scalar_code<int8_t>(0), scalar_f32(1e-4f)});
  EXPECT_NE(s.to_string().find("ratio"), std::string::npos) << s.to_string();
  const Status t =
      kernel_status(OpType::kQLinearAdd, {},
                    {x, scalar_f32(1.f), scalar_code<int8_t>(0), make_tensor<uint8_t>({2}, {1, 2}),
                     scalar_f32(1.f), scalar_code<int8_t>(0), scalar_f32(1.f)});
  EXPECT_NE(t.to_string().find("dtype"), std::string::npos) << t.to_string();
}

template <typename T>
void check_lookup(OpType op, float x_scale, int x_zp, float y_scale, int y_zp, float alpha) {
  constexpr int lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  std::vector<T> codes;
  for (int q = lo; q <= hi; ++q) codes.push_back(static_cast<T>(q));
  Attributes attrs;
  if (op == OpType::kQLinearLeakyRelu) attrs.set("alpha", alpha);
  const auto out = run_kernel(op, attrs,
                              {make_tensor<T>({2, 128}, codes), scalar_f32(x_scale),
                               scalar_code<T>(x_zp), scalar_f32(y_scale), scalar_code<T>(y_zp)});
  ASSERT_EQ(out.size(), 1u);
  const auto y = out[0].template values<T>();
  Mismatch m;
  for (int q = lo; q <= hi; ++q) {
    const double x = (q - x_zp) * double{x_scale};
    const double f =
        op == OpType::kQLinearSigmoid ? 1.0 / (1.0 + std::exp(-x)) : (x < 0 ? x * alpha : x);
    m.add(y[q - lo], reference_quantize(f / y_scale, y_zp, lo, hi));
  }
  EXPECT_LE(m.max_difference, 1) << op_name(op);
  // Scale ratios like 0.03 / 0.02 put many codes on exact ties, which float rounding of the
  // products resolves either way.
  EXPECT_LE(m.count * 8, m.total) << op_name(op) << ": " << m.count << " codes differ";
}

TEST(QLinearUnaryTest, LookupTablesMatchRealFormula) {
  check_lookup<int8_t>(OpType::kQLinearSigmoid, 0.05f, 3, 1.f / 256, -128, 0);
  check_lookup<uint8_t>(OpType::kQLinearSigmoid, 0.1f, 128, 1.f / 256, 0, 0);
  check_lookup<int8_t>(OpType::kQLinearSigmoid, 0.02f, -10, 0.0045f, -100, 0);
  check_lookup<int8_t>(OpType::kQLinearLeakyRelu, 0.03f, 7, 0.02f, -5, 0.1f);
  check_lookup<uint8_t>(OpType::kQLinearLeakyRelu, 0.05f, 100, 0.04f, 60, 0.25f);
}

TEST(QLinearUnaryTest, FusedClampAndErrors) {
  Attributes attrs;
  attrs.set("output_min", int64_t{-10});
  attrs.set("output_max", int64_t{10});
  attrs.set("alpha", 0.5f);
  const auto out = run_kernel(OpType::kQLinearLeakyRelu, attrs,
                              {make_tensor<int8_t>({3}, {-128, 0, 127}), scalar_f32(0.1f),
                               scalar_code<int8_t>(0), scalar_f32(0.1f), scalar_code<int8_t>(0)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].values<int8_t>(), (std::vector<int8_t>{-10, 0, 10}));
  const Status s = kernel_status(
      OpType::kQLinearSigmoid, {},
      {make_tensor<int8_t>({1}, {0}), scalar_f32(0.f), scalar_code<int8_t>(0), scalar_f32(0.1f)});
  EXPECT_NE(s.to_string().find("X_scale"), std::string::npos) << s.to_string();
}

}  // namespace
}  // namespace edgeq::testing
