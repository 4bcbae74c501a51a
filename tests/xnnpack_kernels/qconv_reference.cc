// Direct-loop reference of the own int8 convolution kernels (see qconv_reference.h).
#include "tests/xnnpack_kernels/qconv_reference.h"

#include <algorithm>
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

QConvGeometry ConvCase::geometry() const {
  QConvGeometry g;
  g.in_h = in_h;
  g.in_w = in_w;
  g.in_c = in_c;
  g.out_c = out_c;
  g.kernel_h = kernel_h;
  g.kernel_w = kernel_w;
  g.stride_h = g.stride_w = stride;
  g.dilation_h = g.dilation_w = dilation;
  g.pad_top = pad_top;
  g.pad_left = pad_left;
  g.out_h = (in_h + pad_top + pad_bottom - ((kernel_h - 1) * dilation + 1)) / stride + 1;
  g.out_w = (in_w + pad_left + pad_right - ((kernel_w - 1) * dilation + 1)) / stride + 1;
  return g;
}

int64_t ConvCase::macs() const {
  const QConvGeometry g = geometry();
  return batch * g.out_h * g.out_w * kernel_h * kernel_w * (depthwise ? 1 : in_c) * out_c;
}

std::string ConvCase::describe() const {
  auto s = [](int64_t v) { return std::to_string(v); };
  return std::string(depthwise ? "depthwise " : "") + "in_c=" + s(in_c) + " out_c=" + s(out_c) +
         " in=" + s(in_h) + "x" + s(in_w) + " k=" + s(kernel_h) + "x" + s(kernel_w) +
         " s=" + s(stride) + " d=" + s(dilation) + " pad=" + s(pad_top) + "," + s(pad_left) + "," +
         s(pad_bottom) + "," + s(pad_right) + " batch=" + s(batch) + " bias=" + s(bias) +
         " zx=" + s(input_zero_point) + " zy=" + s(output_zero_point) + " clamp=[" + s(qmin) +
         "," + s(qmax) + "]";
}

ConvCase depthwise_case(int64_t channels) {
  ConvCase c;
  c.depthwise = true;
  c.in_c = c.out_c = channels;
  return c;
}

ConvCase with_window(ConvCase base, const ConvWindow& w) {
  base.in_h = w.in_h;
  base.in_w = w.in_w;
  base.kernel_h = w.kernel_h;
  base.kernel_w = w.kernel_w;
  base.stride = w.stride;
  base.dilation = w.dilation;
  base.pad_top = w.top;
  base.pad_left = w.left;
  base.pad_bottom = w.bottom;
  base.pad_right = w.right;
  return base;
}

ConvCase with_varied_parameters(ConvCase c, uint32_t seed) {
  const int32_t zero_points[] = {-128, 127, 0};
  c.batch = seed % 4 == 0 ? 3 : 1;
  c.bias = seed % 3 != 0;
  c.input_zero_point = zero_points[seed % 3];
  c.output_zero_point = zero_points[(seed / 3) % 3];
  if (seed % 5 == 0) {  // fused ReLU6-like clamp
    c.qmin = std::max(c.output_zero_point, -100);
    c.qmax = std::min(c.qmin + 60, 127);
  }
  return c;
}

ConvOperands make_operands(const ConvCase& c, uint32_t seed) {
  ConvOperands o;
  o.g = c.geometry();
  o.r.input_zero_point = c.input_zero_point;
  o.r.output_zero_point = c.output_zero_point;
  o.r.qmin = c.qmin;
  o.r.qmax = c.qmax;
  o.r.scales = random_scales(static_cast<size_t>(c.out_c), seed, 1e-4f, 1.0f);
  o.x = random_int8(static_cast<size_t>(c.batch * c.in_h * c.in_w * c.in_c), seed + 1);
  const int64_t filter_count = c.kernel_h * c.kernel_w * c.out_c * (c.depthwise ? 1 : c.in_c);
  o.filter = random_int8(static_cast<size_t>(filter_count), seed + 2);
  if (c.bias) o.bias = random_int32(static_cast<size_t>(c.out_c), seed + 3, -100000, 100000);
  return o;
}

Result<PackedQConv> pack_operands(const ConvOperands& o, const ConvCase& c) {
  const int32_t* bias = o.bias.empty() ? nullptr : o.bias.data();
  return c.depthwise ? pack_qconv_depthwise(o.filter.data(), bias, o.g, o.r)
                     : pack_qconv(o.filter.data(), bias, o.g, o.r);
}

Status run_packed(const PackedQConv& packed, const std::vector<int8_t>& x, int64_t batch,
                  std::vector<int8_t>& y, LinearIsa isa, pthreadpool* pool) {
  std::vector<uint8_t> scratch(qconv_scratch_bytes(packed, batch));
  return run_qconv(packed, x.data(), batch, y.data(), Span<uint8_t>(scratch), isa, pool);
}

void expect_bytes_equal(const std::vector<int8_t>& y, const std::vector<int8_t>& expected,
                        int64_t channels) {
  ASSERT_EQ(y.size(), expected.size());
  int failures = 0;
  for (size_t i = 0; i < expected.size() && failures < 5; ++i) {
    if (y[i] != expected[i]) {
      ADD_FAILURE() << "output " << i << " (pixel " << i / channels << ", channel "
                    << i % channels << "): got " << int{y[i]} << ", expected " << int{expected[i]};
      ++failures;
    }
  }
}

void expect_matches_reference(const ConvOperands& o, const ConvCase& c, LinearIsa isa,
                              pthreadpool* pool) {
  SCOPED_TRACE(c.describe() + " isa=" + linear_isa_name(isa));
  auto packed = pack_operands(o, c);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  const std::vector<int8_t> expected =
      reference_qconv(o.x, c.batch, o.filter, o.bias, o.g, o.r, c.depthwise);
  std::vector<int8_t> y(expected.size(), 0x55);
  const Status status = run_packed(*packed, o.x, c.batch, y, isa, pool);
  ASSERT_TRUE(status.ok()) << status.to_string();
  expect_bytes_equal(y, expected, c.out_c);
}

}  // namespace edgeq::xnnpack::testing
