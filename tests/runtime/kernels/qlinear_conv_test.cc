// QLinearConv against a direct reference (naive loops, the ONNX formula with round half to even) on
// random shapes: odd sizes, strides, pads, dilations, groups, depthwise, per-tensor and
// per-channel weights, int8 and uint8, fused clamp; plus rejected inputs.
#include "tests/runtime/kernels/qlinear_test_util.h"

namespace edgeq::testing {
namespace {

struct ConvCase {
  int64_t n, c, m, group, h, w, kh, kw, stride, pad, dilation;
  bool per_channel, bias, one_d;
  int out_min = -1000, out_max = 1000;  // outside the dtype range: no fused clamp
};

template <typename T>
void check_conv(const ConvCase& k, uint32_t seed) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  constexpr int lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  const int64_t cg = k.c / k.group, mg = k.m / k.group;
  Shape x_shape = k.one_d ? Shape{k.n, k.c, k.w} : Shape{k.n, k.c, k.h, k.w};
  Shape w_shape = k.one_d ? Shape{k.m, cg, k.kw} : Shape{k.m, cg, k.kh, k.kw};
  const int64_t h = k.one_d ? 1 : k.h, kh = k.one_d ? 1 : k.kh, pad_h = k.one_d ? 0 : k.pad;
  const auto x = random_codes<T>(x_shape.numel(), seed);
  const auto w = random_codes<T>(w_shape.numel(), seed + 1);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> scale(0.002f, 0.05f);
  std::uniform_int_distribution<int> zp(lo / 2, hi / 2);
  const float x_scale = scale(rng), y_scale = scale(rng) * 4;
  const int x_zp = zp(rng), y_zp = zp(rng);
  std::vector<float> w_scales(k.per_channel ? k.m : 1);
  std::vector<T> w_zps(w_scales.size());
  for (size_t i = 0; i < w_scales.size(); ++i) {
    w_scales[i] = scale(rng);
    w_zps[i] = static_cast<T>(zp(rng));
  }
  std::vector<int32_t> bias(k.m);
  for (auto& b : bias) b = std::uniform_int_distribution<int>(-5000, 5000)(rng);

  Attributes attrs;
  attrs.set("group", k.group);
  attrs.set("strides",
            k.one_d ? std::vector<int64_t>{k.stride} : std::vector<int64_t>{k.stride, k.stride});
  attrs.set("dilations", k.one_d ? std::vector<int64_t>{k.dilation}
                                 : std::vector<int64_t>{k.dilation, k.dilation});
  attrs.set("pads", k.one_d ? std::vector<int64_t>{k.pad, k.pad + 1}
                            : std::vector<int64_t>{k.pad, k.pad, k.pad, k.pad + 1});
  const int qmin = std::max(lo, k.out_min), qmax = std::min(hi, k.out_max);
  if (k.out_min > lo) attrs.set("output_min", int64_t{qmin});
  if (k.out_max < hi) attrs.set("output_max", int64_t{qmax});
  const Shape scale_shape = k.per_channel ? Shape{k.m} : Shape{};
  std::vector<TestTensor> inputs = {make_tensor<T>(x_shape, x),
                                    scalar_f32(x_scale),
                                    scalar_code<T>(x_zp),
                                    make_tensor<T>(w_shape, w),
                                    make_tensor<float>(scale_shape, w_scales),
                                    make_tensor<T>(scale_shape, w_zps),
                                    scalar_f32(y_scale),
                                    scalar_code<T>(y_zp)};
  if (k.bias) inputs.push_back(make_tensor<int32_t>({k.m}, bias));
  const auto out = run_kernel(OpType::kQLinearConv, attrs, inputs);
  ASSERT_EQ(out.size(), 1u);

  const int64_t pad_h_end = pad_h, pad_w_end = k.pad + 1;  // the end of w is padded one more
  const int64_t oh = (h + pad_h + pad_h_end - ((kh - 1) * k.dilation + 1)) / k.stride + 1;
  const int64_t ow = (k.w + k.pad + pad_w_end - ((k.kw - 1) * k.dilation + 1)) / k.stride + 1;
  ASSERT_EQ(out[0].shape.numel(), k.n * k.m * oh * ow);
  const auto y = out[0].template values<T>();
  for (int64_t n = 0; n < k.n; ++n) {
    for (int64_t m = 0; m < k.m; ++m) {
      const int64_t ch = k.per_channel ? m : 0;
      const float multiplier = x_scale * w_scales[ch] / y_scale;
      for (int64_t oy = 0; oy < oh; ++oy) {
        for (int64_t ox = 0; ox < ow; ++ox) {
          int64_t acc = k.bias ? bias[m] : 0;
          for (int64_t c = 0; c < cg; ++c) {
            for (int64_t ky = 0; ky < kh; ++ky) {
              for (int64_t kx = 0; kx < k.kw; ++kx) {
                const int64_t iy = oy * k.stride - pad_h + ky * k.dilation;
                const int64_t ix = ox * k.stride - k.pad + kx * k.dilation;
                if (iy < 0 || iy >= h || ix < 0 || ix >= k.w) continue;
                const int64_t ic = (m / mg) * cg + c;
                acc += (int64_t{x[((n * k.c + ic) * h + iy) * k.w + ix]} - x_zp) *
                       (int64_t{w[((m * cg + c) * kh + ky) * k.kw + kx]} - w_zps[ch]);
              }
            }
          }
          const int expected = reference_requantize(acc, multiplier, y_zp, qmin, qmax);
          const int64_t at = ((n * k.m + m) * oh + oy) * ow + ox;
          ASSERT_EQ(static_cast<int>(y[at]), expected) << "at output " << at;
        }
      }
    }
  }
}

TEST(QLinearConvTest, MatchesDirectReferenceOnRandomShapes) {
  const ConvCase cases[] = {
      {1, 3, 5, 1, 7, 9, 3, 3, 1, 1, 1, false, true, false},
      {2, 4, 6, 2, 6, 5, 3, 2, 2, 0, 1, true, true, false},
      {1, 6, 6, 6, 9, 7, 3, 3, 2, 1, 1, true, true, false},           // depthwise
      {1, 4, 8, 4, 8, 8, 3, 3, 1, 2, 2, true, false, false},          // depthwise x2, dilated
      {1, 5, 7, 1, 1, 13, 1, 4, 3, 2, 2, true, true, true},           // 1-D
      {3, 8, 3, 1, 5, 5, 1, 1, 1, 0, 1, false, false, false},         // pointwise
      {1, 3, 4, 1, 6, 6, 3, 3, 1, 1, 1, true, true, false, -20, 40},  // fused clamp
  };
  uint32_t seed = 100;
  for (const ConvCase& k : cases) {
    check_conv<int8_t>(k, seed++);
    check_conv<uint8_t>(k, seed++);
  }
}

TEST(QLinearConvTest, RejectsBadInputs) {
  const auto x = make_tensor<int8_t>({1, 2, 3, 3}, std::vector<int8_t>(18, 1));
  const auto w = make_tensor<int8_t>({4, 2, 1, 1}, std::vector<int8_t>(8, 1));
  std::vector<TestTensor> inputs = {x,
                                    scalar_f32(0.1f),
                                    scalar_code<int8_t>(0),
                                    w,
                                    make_tensor<float>({3}, {1.f, 1.f, 1.f}),
                                    scalar_code<int8_t>(0),
                                    scalar_f32(0.1f),
                                    scalar_code<int8_t>(0)};
  Status s = kernel_status(OpType::kQLinearConv, {}, inputs);
  EXPECT_NE(s.to_string().find("w_scale"), std::string::npos) << s.to_string();
  inputs[4] = scalar_f32(-1.f);
  s = kernel_status(OpType::kQLinearConv, {}, inputs);
  EXPECT_NE(s.to_string().find("positive"), std::string::npos) << s.to_string();
  inputs[4] = scalar_f32(1.f);
  inputs[7] = scalar_code<uint8_t>(0);  // uint8 output from int8 input is allowed
  EXPECT_TRUE(kernel_status(OpType::kQLinearConv, {}, inputs).ok());
  inputs.push_back(make_tensor<float>({4}, {0, 0, 0, 0}));
  s = kernel_status(OpType::kQLinearConv, {}, inputs);
  EXPECT_NE(s.to_string().find("bias"), std::string::npos) << s.to_string();
  inputs.pop_back();
  Attributes bad_range;
  bad_range.set("output_min", int64_t{10});
  bad_range.set("output_max", int64_t{5});
  s = kernel_status(OpType::kQLinearConv, bad_range, inputs);
  EXPECT_NE(s.to_string().find("output_min"), std::string::npos) << s.to_string();
  inputs[0] = make_tensor<float>({1, 2, 3, 3}, std::vector<float>(18, 1.f));
  EXPECT_EQ(kernel_status(OpType::kQLinearConv, {}, inputs).code(), StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
