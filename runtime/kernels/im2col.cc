#include "runtime/kernels/im2col.h"

#include <algorithm>
#include <cstring>

namespace edgeq::runtime {
namespace {

// One line of the column matrix: the output positions (od, oh, 0..OW) of one (channel, kernel
// offset) row. `image_line` is the input line those positions read (null when it lies in the
// padding); positions [lo, hi) read image_line[o * stride + offset], the rest are padding.
struct Line {
  int64_t col;         // index of the line's first element in the column matrix
  int64_t image_line;  // index of the input line's first element, or -1
  int64_t lo, hi, stride, offset;
};

template <typename LineFn>
void for_each_line(int64_t channels, const WindowGeometry& g, LineFn fn) {
  const int64_t ow = g.output[2];
  int64_t col = 0;
  for (int64_t c = 0; c < channels; ++c) {
    const int64_t plane = c * g.input_size();
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
        for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
          Line line{0, -1, 0, 0, g.stride[2], kw * g.dilation[2] - g.pad_begin[2]};
          valid_output_range(line.offset, line.stride, g.input[2], ow, &line.lo, &line.hi);
          for (int64_t od = 0; od < g.output[0]; ++od) {
            const int64_t id = od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
            for (int64_t oh = 0; oh < g.output[1]; ++oh, col += ow) {
              const int64_t ih = oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
              const bool inside = id >= 0 && id < g.input[0] && ih >= 0 && ih < g.input[1];
              line.col = col;
              line.image_line = inside ? plane + (id * g.input[1] + ih) * g.input[2] : -1;
              fn(line);
            }
          }
        }
      }
    }
  }
}

}  // namespace

void im2col(const float* image, int64_t channels, const WindowGeometry& g, float* col) {
  const int64_t ow = g.output[2];
  for_each_line(channels, g, [&](const Line& line) {
    float* dst = col + line.col;
    if (line.image_line < 0) {
      std::fill_n(dst, ow, 0.f);
      return;
    }
    // The first valid position's input; earlier positions may lie before the line.
    const float* src = image + line.image_line + line.offset + line.lo * line.stride;
    std::fill_n(dst, line.lo, 0.f);
    if (line.stride == 1) {
      std::memcpy(dst + line.lo, src, (line.hi - line.lo) * sizeof(float));
    } else {
      for (int64_t o = line.lo; o < line.hi; ++o) dst[o] = src[(o - line.lo) * line.stride];
    }
    std::fill(dst + line.hi, dst + ow, 0.f);
  });
}

void col2im(const float* col, int64_t channels, const WindowGeometry& g, float* image) {
  std::fill_n(image, channels * g.input_size(), 0.f);
  for_each_line(channels, g, [&](const Line& line) {
    if (line.image_line < 0) return;
    const float* src = col + line.col;
    float* dst = image + line.image_line + line.offset + line.lo * line.stride;
    for (int64_t o = line.lo; o < line.hi; ++o) dst[(o - line.lo) * line.stride] += src[o];
  });
}

}  // namespace edgeq::runtime
