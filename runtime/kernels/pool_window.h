// The window loop shared by MaxPool and AveragePool: for every output position of every plane,
// visits the input elements its window covers (inside the input; padding is skipped) and lets a
// reducer combine them. The geometry is the canonical 3-D one of conv_params.h.
#pragma once

#include <cstdint>

#include "runtime/core/tensor.h"
#include "runtime/kernels/conv_params.h"

namespace edgeq::runtime {

// Checks a pool's input and attributes and sets its output (same dtype, [N, C, output dims...]).
// `op` names the pool in errors; kernel_shape is required.
Result<WindowGeometry> prepare_pool(const char* op, const Attributes& attrs, const TensorView& x,
                                    TensorView* output);

// The kernel indices k of one dim whose input o * stride - pad_begin + k * dilation lies in
// [lower, upper): [first, last). [0, input) counts the taps inside the input,
// [-pad_begin, input + pad_end) those inside the padded input.
inline void window_taps(const WindowGeometry& g, int d, int64_t o, int64_t lower, int64_t upper,
                        int64_t* first, int64_t* last) {
  const int64_t start = o * g.stride[d] - g.pad_begin[d];
  auto first_reaching = [&](int64_t target) {  // smallest k >= 0 with start + k * dil >= target
    const int64_t need = target - start;
    const int64_t k = need <= 0 ? 0 : (need + g.dilation[d] - 1) / g.dilation[d];
    return k < g.kernel[d] ? k : g.kernel[d];
  };
  *first = first_reaching(lower);
  const int64_t end = first_reaching(upper);
  *last = end > *first ? end : *first;
}

// Reducer: `Acc start() const`, `void add(Acc&, T) const`, and
// `T finish(const Acc&, int64_t taps_inside, int64_t taps_inside_padded) const`, where the counts
// are the window's taps inside the input and inside the input plus its padding.
template <typename T, typename Reducer>
void pool_windows(const T* input, T* output, int64_t planes, const WindowGeometry& g,
                  const Reducer& reducer) {
  int64_t lo[kMaxSpatialRank][2], hi[kMaxSpatialRank][2];  // [dim][inside, inside padded]
  for (int64_t p = 0; p < planes; ++p) {
    const T* plane = input + p * g.input_size();
    for (int64_t od = 0; od < g.output[0]; ++od) {
      window_taps(g, 0, od, 0, g.input[0], &lo[0][0], &hi[0][0]);
      window_taps(g, 0, od, -g.pad_begin[0], g.input[0] + g.pad_end[0], &lo[0][1], &hi[0][1]);
      for (int64_t oh = 0; oh < g.output[1]; ++oh) {
        window_taps(g, 1, oh, 0, g.input[1], &lo[1][0], &hi[1][0]);
        window_taps(g, 1, oh, -g.pad_begin[1], g.input[1] + g.pad_end[1], &lo[1][1], &hi[1][1]);
        for (int64_t ow = 0; ow < g.output[2]; ++ow, ++output) {
          window_taps(g, 2, ow, 0, g.input[2], &lo[2][0], &hi[2][0]);
          window_taps(g, 2, ow, -g.pad_begin[2], g.input[2] + g.pad_end[2], &lo[2][1], &hi[2][1]);
          auto acc = reducer.start();
          for (int64_t kd = lo[0][0]; kd < hi[0][0]; ++kd) {
            const int64_t id = od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
            for (int64_t kh = lo[1][0]; kh < hi[1][0]; ++kh) {
              const int64_t ih = oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
              const T* row = plane + (id * g.input[1] + ih) * g.input[2];
              for (int64_t kw = lo[2][0]; kw < hi[2][0]; ++kw) {
                reducer.add(acc, row[ow * g.stride[2] - g.pad_begin[2] + kw * g.dilation[2]]);
              }
            }
          }
          int64_t inside = 1, padded = 1;
          for (int d = 0; d < kMaxSpatialRank; ++d) {
            inside *= hi[d][0] - lo[d][0];
            padded *= hi[d][1] - lo[d][1];
          }
          *output = reducer.finish(acc, inside, padded);
        }
      }
    }
  }
}

}  // namespace edgeq::runtime
