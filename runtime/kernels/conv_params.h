// The window geometry shared by Conv, ConvTranspose, MaxPool and AveragePool: ONNX's
// kernel_shape, strides, pads, dilations, auto_pad and ceil_mode attributes, parsed and checked
// once, and the output spatial sizes they give.
//
// Kernels see the geometry in a canonical 3-D form: a 1-D or 2-D window gets leading spatial dims
// of size 1 (kernel 1, stride 1, no padding), so one triple loop serves 1-D, 2-D and 3-D.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/core/attributes.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace edgeq::runtime {

constexpr int kMaxSpatialRank = 3;

enum class AutoPad { kNotSet, kSameUpper, kSameLower, kValid };

struct WindowGeometry {
  int spatial_rank = 0;  // the model's (1, 2 or 3); the arrays below are always 3-D
  int64_t input[kMaxSpatialRank] = {1, 1, 1};
  int64_t output[kMaxSpatialRank] = {1, 1, 1};
  int64_t kernel[kMaxSpatialRank] = {1, 1, 1};
  int64_t stride[kMaxSpatialRank] = {1, 1, 1};
  int64_t dilation[kMaxSpatialRank] = {1, 1, 1};
  int64_t pad_begin[kMaxSpatialRank] = {0, 0, 0};
  int64_t pad_end[kMaxSpatialRank] = {0, 0, 0};

  int64_t input_size() const { return input[0] * input[1] * input[2]; }
  int64_t output_size() const { return output[0] * output[1] * output[2]; }
  int64_t kernel_size() const { return kernel[0] * kernel[1] * kernel[2]; }
  // Extent of the dilated kernel along canonical dim d.
  int64_t dilated_kernel(int d) const { return (kernel[d] - 1) * dilation[d] + 1; }
};

// The window attributes of one node, before the input shape is known.
struct WindowAttributes {
  std::vector<int64_t> kernel_shape;  // empty: take it from the weights (Conv, ConvTranspose)
  std::vector<int64_t> strides;
  std::vector<int64_t> pads;  // begin values then end values, or empty
  std::vector<int64_t> dilations;
  AutoPad auto_pad = AutoPad::kNotSet;
  bool ceil_mode = false;
};

Result<WindowAttributes> parse_window_attributes(const Attributes& attrs);

// Geometry of a forward window (Conv, pools) over the spatial dims of `input_shape` (N, C, ...).
// `kernel_shape` comes from the attribute or, when that is absent, from the weights. Errors name
// the attribute; a window larger than the padded input is an error.
Result<WindowGeometry> forward_window_geometry(const WindowAttributes& attrs,
                                               const Shape& input_shape,
                                               const std::vector<int64_t>& kernel_shape);

// Geometry of ConvTranspose: `input` and `output` swap roles (geometry.input is the transposed
// conv's output, which a forward conv with the same geometry maps back to its input). Reads
// output_padding and output_shape from `attrs`.
Result<WindowGeometry> transposed_window_geometry(const Attributes& attrs,
                                                  const WindowAttributes& window,
                                                  const Shape& input_shape,
                                                  const std::vector<int64_t>& kernel_shape);

// The output positions o in [0, count) whose input index o * stride + offset lies in [0, limit)
// are exactly [*lo, *hi) (an empty range has *lo == *hi).
void valid_output_range(int64_t offset, int64_t stride, int64_t limit, int64_t count, int64_t* lo,
                        int64_t* hi);

}  // namespace edgeq::runtime
