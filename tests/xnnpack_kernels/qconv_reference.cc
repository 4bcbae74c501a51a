// Direct-loop reference of the own int8 convolution kernels (see qconv_reference.h).
#include "tests/xnnpack_kernels/qconv_reference.h"

#include <cmath>
#include <random>

#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack::testing {

std::vector<int8_t> reference_qconv(const std::vector<int8_t>& x, int64_t batch,
                                    const std::vector<int8_t>& filter,
                                    const std::vector<int32_t>& bias, const QConvGeometry& g,
                                    const QConvRequantization& r, bool depthwise) {
  std::vector<int8_t> y(static_cast<size_t>(batch * g.out_h * g.out_w * g.out_c));
  const runtime::QuantRange range{r.output_zero_point, r.qmin, r.qmax};
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t oy = 0; oy < g.out_h; ++oy) {
      for (int64_t ox = 0; ox < g.out_w; ++ox) {
        for (int64_t c = 0; c < g.out_c; ++c) {
          int64_t acc = bias.empty() ? 0 : bias[c];
          for (int64_t ky = 0; ky < g.kernel_h; ++ky) {
            const int64_t iy = oy * g.stride_h + ky * g.dilation_h - g.pad_top;
            if (iy < 0 || iy >= g.in_h) continue;
            for (int64_t kx = 0; kx < g.kernel_w; ++kx) {
              const int64_t ix = ox * g.stride_w + kx * g.dilation_w - g.pad_left;
              if (ix < 0 || ix >= g.in_w) continue;
              const int8_t* pixel = &x[((b * g.in_h + iy) * g.in_w + ix) * g.in_c];
              if (depthwise) {
                acc += (pixel[c] - r.input_zero_point) *
                       int64_t{filter[(ky * g.kernel_w + kx) * g.out_c + c]};
                continue;
              }
              const int8_t* w = &filter[((c * g.kernel_h + ky) * g.kernel_w + kx) * g.in_c];
              for (int64_t i = 0; i < g.in_c; ++i) {
                acc += (pixel[i] - r.input_zero_point) * int64_t{w[i]};
              }
            }
          }
          const int32_t wrapped = static_cast<int32_t>(static_cast<uint32_t>(acc));
          y[((b * g.out_h + oy) * g.out_w + ox) * g.out_c + c] =
              static_cast<int8_t>(runtime::requantize_fp32(wrapped, r.scales[c], range));
        }
      }
    }
  }
  return y;
}

std::vector<int8_t> random_int8(size_t count, uint32_t seed, int lo, int hi) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<int8_t> values(count);
  for (int8_t& v : values) v = static_cast<int8_t>(dist(rng));
  return values;
}

std::vector<int32_t> random_int32(size_t count, uint32_t seed, int32_t lo, int32_t hi) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int32_t> dist(lo, hi);
  std::vector<int32_t> values(count);
  for (int32_t& v : values) v = dist(rng);
  return values;
}

std::vector<float> random_scales(size_t count, uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(std::log(lo), std::log(hi));
  std::vector<float> values(count);
  for (float& v : values) v = std::exp(dist(rng));
  return values;
}

}  // namespace edgeq::xnnpack::testing
