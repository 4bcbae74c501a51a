// Argument checks shared by the convolution kernels' pack functions (qconv_kernels.h).
#include <cmath>

#include "delegate/xnnpack/kernels/qconv_kernels.h"

namespace edgeq::xnnpack {
namespace {

// The output size along one axis, or -1 when the window does not fit.
int64_t window_outputs(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                       int64_t pad_begin, int64_t out) {
  const int64_t dilated = (kernel - 1) * dilation + 1;
  if (pad_begin < 0 || pad_begin >= dilated) return -1;
  const int64_t extent = in + pad_begin;
  // The padding after the input that `out` outputs need: below the dilated kernel, and above
  // -stride (a stride may leave up to stride - 1 input rows unread, never a whole output).
  const int64_t pad_end = (out - 1) * stride + dilated - extent;
  return pad_end <= -stride || pad_end >= dilated ? -1 : out;
}

bool in_int8(int32_t v) { return v >= -128 && v <= 127; }

}  // namespace

Status check_qconv_params(const char* op, const QConvGeometry& g, const QConvRequantization& r) {
  const int64_t sizes[] = {g.in_h,     g.in_w,     g.in_c,       g.out_h,     g.out_w,    g.out_c,
                           g.kernel_h, g.kernel_w, g.stride_h,   g.stride_w,  g.dilation_h,
                           g.dilation_w};
  for (int64_t size : sizes) {
    if (size < 1) {
      return invalid_argument(op, ": sizes, kernel, strides and dilations must be >= 1");
    }
  }
  if (window_outputs(g.in_h, g.kernel_h, g.stride_h, g.dilation_h, g.pad_top, g.out_h) < 0 ||
      window_outputs(g.in_w, g.kernel_w, g.stride_w, g.dilation_w, g.pad_left, g.out_w) < 0) {
    return invalid_argument(op, ": output ", g.out_h, "x", g.out_w, " does not follow from input ",
                            g.in_h, "x", g.in_w, ", kernel ", g.kernel_h, "x", g.kernel_w,
                            ", stride ", g.stride_h, "x", g.stride_w, ", dilation ", g.dilation_h,
                            "x", g.dilation_w, " and padding ", g.pad_top, ",", g.pad_left);
  }
  if (static_cast<int64_t>(r.scales.size()) != g.out_c) {
    return invalid_argument(op, ": ", r.scales.size(), " requantization scales for ", g.out_c,
                            " output channels");
  }
  for (size_t c = 0; c < r.scales.size(); ++c) {
    if (!std::isfinite(r.scales[c]) || r.scales[c] <= 0.0f) {
      return invalid_argument(op, ": requantization scale of channel ", c, " is ", r.scales[c],
                              " (must be finite and > 0)");
    }
  }
  if (!in_int8(r.input_zero_point) || !in_int8(r.output_zero_point) || !in_int8(r.qmin) ||
      !in_int8(r.qmax) || r.qmin > r.qmax) {
    return invalid_argument(op, ": zero points (", r.input_zero_point, ", ", r.output_zero_point,
                            ") and clamp [", r.qmin, ", ", r.qmax,
                            "] must be int8 with qmin <= qmax");
  }
  return Status::Ok();
}

}  // namespace edgeq::xnnpack
