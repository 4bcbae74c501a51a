// A direct MaxPool / AveragePool reference for the pool tests: every output position visits its
// window tap by tap.
#pragma once

#include <algorithm>
#include <limits>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

enum class PoolKind { kMax, kAverage };

struct PoolCase {
  std::vector<int64_t> input;  // N, C, spatial...
  std::vector<int64_t> kernel, strides, pads, dilations;
  bool ceil_mode = false;
  bool count_include_pad = false;
};

inline std::vector<int64_t> pool_output_spatial(const PoolCase& c) {
  const size_t r = c.kernel.size();
  std::vector<int64_t> out;
  for (size_t i = 0; i < r; ++i) {
    const int64_t s = c.strides.empty() ? 1 : c.strides[i];
    const int64_t pb = c.pads.empty() ? 0 : c.pads[i], pe = c.pads.empty() ? 0 : c.pads[r + i];
    const int64_t dil = c.dilations.empty() ? 1 : c.dilations[i];
    const int64_t span = c.input[2 + i] + pb + pe - (c.kernel[i] - 1) * dil - 1;
    int64_t o = (c.ceil_mode ? (span + s - 1) / s : span / s) + 1;
    if (c.ceil_mode && (o - 1) * s >= c.input[2 + i] + pb) --o;
    out.push_back(o);
  }
  return out;
}

inline std::vector<float> direct_pool(const PoolCase& c, PoolKind kind,
                                      const std::vector<float>& x) {
  const size_t r = c.kernel.size();
  const auto out_sp = pool_output_spatial(c);
  int64_t in_size = 1, out_size = 1, k_size = 1;
  for (size_t i = 0; i < r; ++i) {
    in_size *= c.input[2 + i];
    out_size *= out_sp[i];
    k_size *= c.kernel[i];
  }
  const int64_t planes = c.input[0] * c.input[1];
  std::vector<float> y(planes * out_size);
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t o = 0; o < out_size; ++o) {
      double sum = 0;
      float best = -std::numeric_limits<float>::infinity();
      int64_t inside_count = 0, padded_count = 0;
      for (int64_t k = 0; k < k_size; ++k) {
        int64_t orest = o, krest = k, index = 0;
        bool inside = true, padded = true;
        std::vector<int64_t> pos(r);
        for (size_t d = r; d-- > 0;) {
          const int64_t od = orest % out_sp[d], kd = krest % c.kernel[d];
          orest /= out_sp[d];
          krest /= c.kernel[d];
          const int64_t s = c.strides.empty() ? 1 : c.strides[d];
          const int64_t pb = c.pads.empty() ? 0 : c.pads[d];
          const int64_t pe = c.pads.empty() ? 0 : c.pads[r + d];
          const int64_t dil = c.dilations.empty() ? 1 : c.dilations[d];
          pos[d] = od * s - pb + kd * dil;
          inside = inside && pos[d] >= 0 && pos[d] < c.input[2 + d];
          padded = padded && pos[d] >= -pb && pos[d] < c.input[2 + d] + pe;
        }
        padded_count += padded;
        if (!inside) continue;
        for (size_t d = 0; d < r; ++d) index = index * c.input[2 + d] + pos[d];
        const float v = x[p * in_size + index];
        ++inside_count;
        sum += v;
        best = std::max(best, v);
      }
      const int64_t divisor = c.count_include_pad ? padded_count : inside_count;
      y[p * out_size + o] =
          kind == PoolKind::kMax ? best : static_cast<float>(sum / static_cast<double>(divisor));
    }
  }
  return y;
}

inline void check_pool(const PoolCase& c, PoolKind kind) {
  SCOPED_TRACE(::testing::Message() << "pool over " << Shape(c.input).to_string() << " kernel "
                                    << Shape(c.kernel).to_string() << " ceil " << c.ceil_mode);
  Attributes attrs;
  attrs.set("kernel_shape", c.kernel);
  if (!c.strides.empty()) attrs.set("strides", c.strides);
  if (!c.pads.empty()) attrs.set("pads", c.pads);
  if (!c.dilations.empty()) attrs.set("dilations", c.dilations);
  if (c.ceil_mode) attrs.set("ceil_mode", int64_t{1});
  if (c.count_include_pad) attrs.set("count_include_pad", int64_t{1});
  const Shape shape(c.input);
  const auto x = random_floats(shape.numel(), 31);
  const OpType op = kind == PoolKind::kMax ? OpType::kMaxPool : OpType::kAveragePool;
  auto out = run_kernel(op, attrs, {make_tensor(shape, x)});
  ASSERT_EQ(out.size(), 1u);
  std::vector<int64_t> want = {c.input[0], c.input[1]};
  for (int64_t d : pool_output_spatial(c)) want.push_back(d);
  EXPECT_EQ(out[0].shape, Shape(want));
  expect_near(out[0].values<float>(), direct_pool(c, kind, x), 1e-4f, 1e-5f);
}

}  // namespace edgeq::testing
