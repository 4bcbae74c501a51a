// The QLinear* kernels with int16 activations and int8 weights (the W8A16 scheme: symmetric int16,
// zero point 0), against a double-precision reference: dequantize every input, apply the float
// op, quantize the result (round half to even). The kernels accumulate exactly in int64 and
// requantize in fp32 like their 8-bit paths, so they may differ from the reference by one code
// where float rounding of the scale product or of a large accumulator crosses a rounding tie.
// Measured (printed by each test): conv, matmul and the pools 0 differences; multiply 1 in 2800;
// add (XNNPACK's fixed point, which rounds ties up) 0 against a ties-up reference; the lookup
// tables, whose float products at 16-bit resolution turn near-ties into exact ties, up to 2.5 %
// (leaky relu with alpha 0.1: every code ending in 5). Every difference is at most one code.
// Cases whose sums exceed int32 check that nothing wraps.
#include <cstdio>

#include "tests/runtime/kernels/qlinear_test_util.h"

namespace edgeq::testing {
namespace {

constexpr int kLo = -32768, kHi = 32767;

// Random int16 codes in [lo, hi].
std::vector<int16_t> codes16(int64_t count, uint32_t seed, int lo = kLo, int hi = kHi) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<int16_t> out(count);
  for (auto& v : out) v = static_cast<int16_t>(dist(rng));
  return out;
}

int quantize16(double real, float scale, int zero_point = 0, int lo = kLo, int hi = kHi) {
  return reference_quantize(real / scale, zero_point, lo, hi);
}

// At most one code apart, and at most `per_mille` of the outputs differing.
void report(const char* what, const Mismatch& m, int64_t per_mille = 1) {
  std::printf("%s (int16) vs double reference: %lld of %lld differ, max %d\n", what,
              static_cast<long long>(m.count), static_cast<long long>(m.total), m.max_difference);
  EXPECT_LE(m.max_difference, 1) << what;
  EXPECT_LE(m.count * 1000, m.total * per_mille)
      << what << ": more than " << per_mille << " per mille of the outputs differ";
}

struct Conv16Case {
  int64_t c, m, group, h, w, k, stride, pad;
  bool per_channel, bias;
  int out_min = kLo, out_max = kHi;
};

Mismatch check_conv16(const Conv16Case& k, uint32_t seed) {
  const int64_t cg = k.c / k.group, mg = k.m / k.group;
  constexpr int64_t kBatch = 2;  // the second image starts 2 bytes per element in
  const auto x = codes16(kBatch * k.c * k.h * k.w, seed);
  const auto w = random_codes<int8_t>(k.m * cg * k.k * k.k, seed + 1);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> scale(0.5f, 2.f);
  const float x_scale = scale(rng) / 32768;
  std::vector<float> w_scales(k.per_channel ? k.m : 1);
  for (float& s : w_scales) s = scale(rng) / 128;
  // Outputs spread over a few thousand codes: |acc| ~ sqrt(taps) * 2^14 * 2^6 / 2.
  const double taps = static_cast<double>(cg * k.k * k.k);
  const float y_scale = static_cast<float>(x_scale * w_scales[0] * std::sqrt(taps) * 1e6 / 4000);
  std::vector<int32_t> bias(k.m);
  for (auto& b : bias) b = std::uniform_int_distribution<int>(-(1 << 24), 1 << 24)(rng);
  Attributes attrs;
  attrs.set("group", k.group);
  attrs.set("strides", std::vector<int64_t>{k.stride, k.stride});
  attrs.set("pads", std::vector<int64_t>{k.pad, k.pad, k.pad, k.pad});
  if (k.out_min > kLo) attrs.set("output_min", int64_t{k.out_min});
  if (k.out_max < kHi) attrs.set("output_max", int64_t{k.out_max});
  const Shape scale_shape = k.per_channel ? Shape{k.m} : Shape{};
  std::vector<TestTensor> inputs = {
      make_tensor<int16_t>({kBatch, k.c, k.h, k.w}, x),
      scalar_f32(x_scale),
      scalar_code<int16_t>(0),
      make_tensor<int8_t>({k.m, cg, k.k, k.k}, w),
      make_tensor<float>(scale_shape, w_scales),
      make_tensor<int8_t>(scale_shape, std::vector<int8_t>(w_scales.size(), 0)),
      scalar_f32(y_scale),
      scalar_code<int16_t>(0)};
  if (k.bias) inputs.push_back(make_tensor<int32_t>({k.m}, bias));
  const auto out = run_kernel(OpType::kQLinearConv, attrs, inputs);
  Mismatch mismatch;
  if (out.size() != 1 || out[0].dtype != DType::kI16) {
    ADD_FAILURE() << "expected one int16 output";
    return mismatch;
  }
  const int64_t oh = (k.h + 2 * k.pad - k.k) / k.stride + 1;
  const int64_t ow = (k.w + 2 * k.pad - k.k) / k.stride + 1;
  EXPECT_EQ(out[0].shape, (Shape{kBatch, k.m, oh, ow}));
  const auto y = out[0].values<int16_t>();
  for (int64_t n = 0; n < kBatch; ++n) {
    for (int64_t m = 0; m < k.m; ++m) {
      const double ws = w_scales[k.per_channel ? m : 0];
      for (int64_t oy = 0; oy < oh; ++oy) {
        for (int64_t ox = 0; ox < ow; ++ox) {
          double real = k.bias ? bias[m] * double{x_scale} * ws : 0.0;
          for (int64_t c = 0; c < cg; ++c) {
            for (int64_t ky = 0; ky < k.k; ++ky) {
              for (int64_t kx = 0; kx < k.k; ++kx) {
                const int64_t iy = oy * k.stride - k.pad + ky, ix = ox * k.stride - k.pad + kx;
                if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
                const int64_t ic = (m / mg) * cg + c;
                real += x[((n * k.c + ic) * k.h + iy) * k.w + ix] * double{x_scale} *
                        (w[((m * cg + c) * k.k + ky) * k.k + kx] * ws);
              }
            }
          }
          mismatch.add(y[((n * k.m + m) * oh + oy) * ow + ox],
                       quantize16(real, y_scale, 0, k.out_min, k.out_max));
        }
      }
    }
  }
  return mismatch;
}

TEST(QLinearInt16Test, ConvMatchesDoubleReference) {
  const Conv16Case cases[] = {
      {3, 5, 1, 9, 8, 3, 1, 1, false, true},
      {8, 6, 2, 7, 7, 3, 2, 1, true, true},                // grouped, per-channel
      {6, 6, 6, 10, 9, 3, 1, 1, true, false},              // depthwise
      {64, 4, 1, 6, 6, 5, 1, 2, true, true},               // 1600 taps
      {4, 4, 1, 6, 6, 3, 1, 1, true, true, -3000, 20000},  // fused clamp
  };
  Mismatch total;
  uint32_t seed = 500;
  for (const Conv16Case& k : cases) total.merge(check_conv16(k, seed += 2));
  report("QLinearConv", total);
}

// a [rows, depth] x b [depth, cols], b per column when per_column; codes drawn from the ranges.
Mismatch check_matmul16(int64_t rows, int64_t depth, int64_t cols, bool per_column, int a_lo,
                        int a_hi, int b_lo, int b_hi, uint32_t seed) {
  const auto a = codes16(rows * depth, seed, a_lo, a_hi);
  std::mt19937 rng(seed);
  std::vector<int8_t> b(depth * cols);
  std::uniform_int_distribution<int> b_dist(b_lo, b_hi);
  for (auto& v : b) v = static_cast<int8_t>(b_dist(rng));
  const float a_scale = 1.3f / 32768;
  std::vector<float> b_scales(per_column ? cols : 1);
  for (float& s : b_scales) s = std::uniform_real_distribution<float>(0.5f, 2.f)(rng) / 128;
  // Largest |sum| of the drawn ranges, mapped to about 30000 codes.
  const double largest = static_cast<double>(depth) * std::max(std::abs(a_lo), std::abs(a_hi)) *
                         std::max(std::abs(b_lo), std::abs(b_hi));
  const bool centered = a_lo < 0 && b_lo < 0;
  const double spread = centered ? std::sqrt(static_cast<double>(depth)) * 3e5 : largest;
  const float y_scale = static_cast<float>(a_scale * b_scales[0] * spread / 30000);
  std::vector<int32_t> bias(cols);
  for (auto& v : bias) v = std::uniform_int_distribution<int>(-(1 << 20), 1 << 20)(rng);
  const Shape scale_shape = per_column ? Shape{cols} : Shape{};
  const auto out = run_kernel(
      OpType::kQLinearMatMul, {},
      {make_tensor<int16_t>({rows, depth}, a), scalar_f32(a_scale), scalar_code<int16_t>(0),
       make_tensor<int8_t>({depth, cols}, b), make_tensor<float>(scale_shape, b_scales),
       make_tensor<int8_t>(scale_shape, std::vector<int8_t>(b_scales.size(), 0)),
       scalar_f32(y_scale), scalar_code<int16_t>(0), make_tensor<int32_t>({cols}, bias)});
  Mismatch mismatch;
  if (out.size() != 1) {
    ADD_FAILURE() << "no output";
    return mismatch;
  }
  const auto y = out[0].values<int16_t>();
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t n = 0; n < cols; ++n) {
      const double bs = b_scales[per_column ? n : 0];
      double real = bias[n] * double{a_scale} * bs;
      for (int64_t k = 0; k < depth; ++k) {
        real += a[r * depth + k] * double{a_scale} * (b[k * cols + n] * bs);
      }
      mismatch.add(y[r * cols + n], quantize16(real, y_scale));
    }
  }
  return mismatch;
}

TEST(QLinearInt16Test, MatMulMatchesDoubleReference) {
  Mismatch total;
  total.merge(check_matmul16(7, 33, 5, false, kLo, kHi, -128, 127, 1));
  total.merge(check_matmul16(3, 129, 17, true, kLo, kHi, -128, 127, 2));
  total.merge(check_matmul16(1, 1000, 9, true, kLo, kHi, -128, 127, 3));
  report("QLinearMatMul", total);
}

// Sums near 4096 * 32000 * 120 ~ 1.6e10 would wrap an int32 accumulator several times.
TEST(QLinearInt16Test, MatMulSumsBeyondInt32DoNotWrap) {
  const Mismatch m = check_matmul16(2, 4096, 3, true, 31000, 32767, 110, 127, 4);
  report("QLinearMatMul (sums beyond int32)", m);
  EXPECT_EQ(m.total, 6);
}

struct Binary16Case {
  Shape a, b;
  float a_scale, b_scale, c_scale;
  int a_zp, b_zp, c_zp;
};

// ties_up: round the reference half up (toward +infinity), as the fixed-point add does.
Mismatch check_binary16(OpType op, const Binary16Case& k, uint32_t seed, bool ties_up = false) {
  const auto a = codes16(k.a.numel(), seed);
  const auto b = codes16(k.b.numel(), seed + 1);
  const auto out =
      run_kernel(op, {},
                 {make_tensor<int16_t>(k.a, a), scalar_f32(k.a_scale), scalar_code<int16_t>(k.a_zp),
                  make_tensor<int16_t>(k.b, b), scalar_f32(k.b_scale), scalar_code<int16_t>(k.b_zp),
                  scalar_f32(k.c_scale), scalar_code<int16_t>(k.c_zp)});
  Mismatch mismatch;
  if (out.size() != 1) {
    ADD_FAILURE() << "no output";
    return mismatch;
  }
  const auto c = out[0].values<int16_t>();
  const Shape& s = out[0].shape;  // [d0, d1], b broadcast along d0 when b.shape[0] == 1
  for (int64_t i = 0; i < s[0]; ++i) {
    for (int64_t j = 0; j < s[1]; ++j) {
      const double av = (a[i * s[1] + j] - k.a_zp) * double{k.a_scale};
      const double bv = (b[(k.b[0] == 1 ? 0 : i) * s[1] + j] - k.b_zp) * double{k.b_scale};
      const double real = op == OpType::kQLinearAdd ? av + bv : av * bv;
      const double scaled = real / k.c_scale;
      mismatch.add(c[i * s[1] + j],
                   ties_up
                       ? std::clamp(static_cast<int>(std::floor(scaled + 0.5)) + k.c_zp, kLo, kHi)
                       : quantize16(real, k.c_scale, k.c_zp));
    }
  }
  return mismatch;
}

TEST(QLinearInt16Test, AddAndMulMatchDoubleReference) {
  const Binary16Case add_cases[] = {
      {{4, 300}, {4, 300}, 2.f / 32768, 1.f / 32768, 3.f / 32768, 0, 0, 0},
      {{8, 100}, {1, 100}, 0.5f / 32768, 4.f / 32768, 2.5f / 32768, 0, 0, 0},
      // Non-zero int16 zero points: the zero-point terms of the fixed point exceed int32.
      {{4, 200}, {4, 200}, 1.f / 32768, 1.f / 32768, 2.f / 32768, 20000, -15000, 9000},
  };
  Mismatch add, add_ties_up;
  uint32_t seed = 700;
  for (const auto& k : add_cases) {
    add.merge(check_binary16(OpType::kQLinearAdd, k, seed));
    add_ties_up.merge(check_binary16(OpType::kQLinearAdd, k, seed, /*ties_up=*/true));
    seed += 2;
  }
  // The third case puts half of its sums on exact ties (ratios 1/2), which the fixed point
  // rounds up and the half-even reference to even.
  report("QLinearAdd", add, /*per_mille=*/100);
  report("QLinearAdd (reference rounding ties up)", add_ties_up);

  const Binary16Case mul_cases[] = {
      {{4, 300}, {4, 300}, 2.f / 32768, 1.f / 32768, 1.5f / 32768, 0, 0, 0},
      // A scale ratio below XNNPACK's 2^-16 (accepted for int16), and products beyond int32.
      {{8, 100}, {1, 100}, 0.25f / 32768, 0.5f / 32768, 1.f / 32768, 0, 0, 0},
      {{4, 200}, {4, 200}, 1.f / 32768, 1.f / 32768, 2.f / 32768, -30000, 30000, 100},
  };
  Mismatch mul;
  for (const auto& k : mul_cases) mul.merge(check_binary16(OpType::kQLinearMul, k, seed += 2));
  report("QLinearMul", mul);
}

TEST(QLinearInt16Test, AveragePoolsMatchDoubleReference) {
  const float x_scale = 1.7f / 32768, y_scale = 1.1f / 32768;
  const int64_t h = 9, w = 11, k = 3, stride = 2, pad = 1;
  const auto x = codes16(2 * h * w, 800);
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{k, k});
  attrs.set("strides", std::vector<int64_t>{stride, stride});
  attrs.set("pads", std::vector<int64_t>{pad, pad, pad, pad});
  const auto out =
      run_kernel(OpType::kQLinearAveragePool, attrs,
                 {make_tensor<int16_t>({1, 2, h, w}, x), scalar_f32(x_scale),
                  scalar_code<int16_t>(0), scalar_f32(y_scale), scalar_code<int16_t>(0)});
  ASSERT_EQ(out.size(), 1u);
  const int64_t oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
  ASSERT_EQ(out[0].shape, (Shape{1, 2, oh, ow}));
  const auto y = out[0].values<int16_t>();
  Mismatch window;
  for (int64_t p = 0; p < 2; ++p) {
    for (int64_t oy = 0; oy < oh; ++oy) {
      for (int64_t ox = 0; ox < ow; ++ox) {
        double sum = 0;
        int count = 0;
        for (int64_t ky = 0; ky < k; ++ky) {
          for (int64_t kx = 0; kx < k; ++kx) {
            const int64_t iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            sum += x[(p * h + iy) * w + ix] * double{x_scale};
            ++count;
          }
        }
        window.add(y[(p * oh + oy) * ow + ox], quantize16(sum / count, y_scale));
      }
    }
  }
  report("QLinearAveragePool", window);

  // 300 x 300 codes near the top: the plane's sum (~2.9e9) is beyond int32.
  const int64_t side = 300;
  const auto big = codes16(2 * side * side, 801, 31000, kHi);
  const auto pooled =
      run_kernel(OpType::kQLinearGlobalAveragePool, {},
                 {make_tensor<int16_t>({1, 2, side, side}, big), scalar_f32(x_scale),
                  scalar_code<int16_t>(0), scalar_f32(y_scale), scalar_code<int16_t>(0)});
  ASSERT_EQ(pooled.size(), 1u);
  const auto g = pooled[0].values<int16_t>();
  Mismatch global;
  for (int64_t p = 0; p < 2; ++p) {
    double sum = 0;
    for (int64_t i = 0; i < side * side; ++i) sum += big[p * side * side + i] * double{x_scale};
    global.add(g[p], quantize16(sum / (side * side), y_scale));
  }
  report("QLinearGlobalAveragePool", global);
}

TEST(QLinearInt16Test, LookupTablesCoverEveryCode) {
  std::vector<int16_t> all(65536);
  for (int q = kLo; q <= kHi; ++q) all[q - kLo] = static_cast<int16_t>(q);
  const float x_scale = 8.f / 32768;
  for (OpType op : {OpType::kQLinearSigmoid, OpType::kQLinearLeakyRelu}) {
    // Sigmoid's output [0, 1] and leaky relu's [-0.8, 8] over the whole int16 range.
    const float y_scale = op == OpType::kQLinearSigmoid ? 1.f / 32768 : 8.f / 32768;
    Attributes attrs;
    attrs.set("alpha", 0.1f);
    const auto out =
        run_kernel(op, attrs,
                   {make_tensor<int16_t>({256, 256}, all), scalar_f32(x_scale),
                    scalar_code<int16_t>(0), scalar_f32(y_scale), scalar_code<int16_t>(0)});
    ASSERT_EQ(out.size(), 1u);
    const auto y = out[0].values<int16_t>();
    Mismatch m;
    for (int q = kLo; q <= kHi; ++q) {
      const double x = q * double{x_scale};
      const double f = op == OpType::kQLinearSigmoid ? 1.0 / (1.0 + std::exp(-x))
                                                     : (x < 0 ? x * double{0.1f} : x);
      m.add(y[q - kLo], quantize16(f, y_scale));
    }
    report(op_name(op), m, /*per_mille=*/30);
  }
}

TEST(QLinearInt16Test, RejectsInt16Weights) {
  const auto x = make_tensor<int16_t>({1, 2, 3, 3}, std::vector<int16_t>(18, 1));
  const Status s = kernel_status(
      OpType::kQLinearConv, {},
      {x, scalar_f32(0.1f), scalar_code<int16_t>(0),
       make_tensor<int16_t>({4, 2, 1, 1}, std::vector<int16_t>(8, 1)), scalar_f32(0.1f),
       scalar_code<int16_t>(0), scalar_f32(0.1f), scalar_code<int16_t>(0)});
  EXPECT_EQ(s.code(), StatusCode::kUnimplemented);
  EXPECT_NE(s.to_string().find("w has dtype i16"), std::string::npos) << s.to_string();
}

}  // namespace
}  // namespace edgeq::testing
