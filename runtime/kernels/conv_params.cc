#include "runtime/kernels/conv_params.h"

#include <algorithm>
#include <string>

namespace edgeq::runtime {
namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Result<AutoPad> parse_auto_pad(const Attributes& attrs) {
  EDGEQ_ASSIGN_OR_RETURN(std::string value, attrs.get_string("auto_pad", "NOTSET"));
  if (value == "NOTSET") return AutoPad::kNotSet;
  if (value == "SAME_UPPER") return AutoPad::kSameUpper;
  if (value == "SAME_LOWER") return AutoPad::kSameLower;
  if (value == "VALID") return AutoPad::kValid;
  return invalid_argument("auto_pad '", value, "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
}

// Checks that a per-dim attribute has `rank` values (or none) and that each is >= `min_value`.
Status check_per_dim(const char* name, const std::vector<int64_t>& values, size_t count,
                     int64_t min_value) {
  if (!values.empty() && values.size() != count) {
    return invalid_argument("attribute '", name, "' has ", values.size(), " values, expected ",
                            count);
  }
  for (int64_t v : values) {
    if (v < min_value) return invalid_argument("attribute '", name, "' has value ", v);
  }
  return Status::Ok();
}

// Fills the per-dim arrays of `g` (canonical 3-D, right aligned) from the attributes.
Status fill_common(const WindowAttributes& attrs, const Shape& input_shape,
                   const std::vector<int64_t>& kernel_shape, WindowGeometry* g) {
  const int rank = input_shape.rank() - 2;
  if (rank < 1 || rank > kMaxSpatialRank) {
    return unimplemented("input of rank ", input_shape.rank(),
                         ": windows over 1 to 3 spatial dims only");
  }
  const size_t n = static_cast<size_t>(rank);
  EDGEQ_RETURN_IF_ERROR(check_per_dim("kernel_shape", kernel_shape, n, 1));
  if (kernel_shape.empty()) return invalid_argument("attribute 'kernel_shape' is missing");
  EDGEQ_RETURN_IF_ERROR(check_per_dim("strides", attrs.strides, n, 1));
  EDGEQ_RETURN_IF_ERROR(check_per_dim("dilations", attrs.dilations, n, 1));
  EDGEQ_RETURN_IF_ERROR(check_per_dim("pads", attrs.pads, 2 * n, 0));
  g->spatial_rank = rank;
  const int offset = kMaxSpatialRank - rank;
  for (int i = 0; i < rank; ++i) {
    const int d = offset + i;
    g->input[d] = input_shape[2 + i];
    g->kernel[d] = kernel_shape[i];
    if (!attrs.strides.empty()) g->stride[d] = attrs.strides[i];
    if (!attrs.dilations.empty()) g->dilation[d] = attrs.dilations[i];
    if (!attrs.pads.empty()) {
      g->pad_begin[d] = attrs.pads[i];
      g->pad_end[d] = attrs.pads[rank + i];
    }
  }
  return Status::Ok();
}

// Splits `total` padding between begin and end as auto_pad asks (the odd one goes to the end for
// SAME_UPPER, to the beginning otherwise).
void split_padding(AutoPad mode, int64_t total, int64_t* begin, int64_t* end) {
  if (mode == AutoPad::kSameUpper) {
    *begin = floor_div(total, 2);
    *end = total - *begin;
  } else {
    *end = floor_div(total, 2);
    *begin = total - *end;
  }
}

}  // namespace

void valid_output_range(int64_t offset, int64_t stride, int64_t limit, int64_t count, int64_t* lo,
                        int64_t* hi) {
  auto first_reaching = [&](int64_t target) {  // smallest o >= 0 with o * stride + offset >= target
    const int64_t need = target - offset;
    return std::min(count, need <= 0 ? 0 : (need + stride - 1) / stride);
  };
  *lo = first_reaching(0);
  *hi = std::max(*lo, first_reaching(limit));
}

Result<WindowAttributes> parse_window_attributes(const Attributes& attrs) {
  WindowAttributes w;
  EDGEQ_ASSIGN_OR_RETURN(w.kernel_shape, attrs.get_ints("kernel_shape"));
  EDGEQ_ASSIGN_OR_RETURN(w.strides, attrs.get_ints("strides"));
  EDGEQ_ASSIGN_OR_RETURN(w.pads, attrs.get_ints("pads"));
  EDGEQ_ASSIGN_OR_RETURN(w.dilations, attrs.get_ints("dilations"));
  EDGEQ_ASSIGN_OR_RETURN(w.auto_pad, parse_auto_pad(attrs));
  EDGEQ_ASSIGN_OR_RETURN(int64_t ceil_mode, attrs.get_int("ceil_mode", 0));
  w.ceil_mode = ceil_mode != 0;
  return w;
}

Result<WindowGeometry> forward_window_geometry(const WindowAttributes& attrs,
                                               const Shape& input_shape,
                                               const std::vector<int64_t>& kernel_shape) {
  WindowGeometry g;
  EDGEQ_RETURN_IF_ERROR(fill_common(attrs, input_shape, kernel_shape, &g));
  for (int d = kMaxSpatialRank - g.spatial_rank; d < kMaxSpatialRank; ++d) {
    const int64_t extent = g.dilated_kernel(d);
    if (attrs.auto_pad == AutoPad::kSameUpper || attrs.auto_pad == AutoPad::kSameLower) {
      g.output[d] = (g.input[d] + g.stride[d] - 1) / g.stride[d];
      const int64_t total =
          std::max<int64_t>(0, (g.output[d] - 1) * g.stride[d] + extent - g.input[d]);
      split_padding(attrs.auto_pad, total, &g.pad_begin[d], &g.pad_end[d]);
      continue;
    }
    if (attrs.auto_pad == AutoPad::kValid) g.pad_begin[d] = g.pad_end[d] = 0;
    const int64_t span = g.input[d] + g.pad_begin[d] + g.pad_end[d] - extent;
    if (span < 0) {
      return invalid_argument("window of extent ", extent, " is larger than the padded input (",
                              g.input[d] + g.pad_begin[d] + g.pad_end[d], ") in spatial dim ",
                              d - (kMaxSpatialRank - g.spatial_rank));
    }
    g.output[d] =
        (attrs.ceil_mode ? (span + g.stride[d] - 1) / g.stride[d] : span / g.stride[d]) + 1;
    // A last window that would start inside the end padding is dropped (as PyTorch and ONNX do).
    if (attrs.ceil_mode && (g.output[d] - 1) * g.stride[d] >= g.input[d] + g.pad_begin[d]) {
      --g.output[d];
    }
  }
  return g;
}

Result<WindowGeometry> transposed_window_geometry(const Attributes& attrs,
                                                  const WindowAttributes& window,
                                                  const Shape& input_shape,
                                                  const std::vector<int64_t>& kernel_shape) {
  WindowGeometry g;
  EDGEQ_RETURN_IF_ERROR(fill_common(window, input_shape, kernel_shape, &g));
  const int rank = g.spatial_rank;
  const size_t n = static_cast<size_t>(rank);
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> output_padding, attrs.get_ints("output_padding"));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> output_shape, attrs.get_ints("output_shape"));
  EDGEQ_RETURN_IF_ERROR(check_per_dim("output_padding", output_padding, n, 0));
  if (output_shape.size() == n + 2)
    output_shape.erase(output_shape.begin(), output_shape.begin() + 2);
  EDGEQ_RETURN_IF_ERROR(check_per_dim("output_shape", output_shape, n, 1));
  const bool same =
      window.auto_pad == AutoPad::kSameUpper || window.auto_pad == AutoPad::kSameLower;
  for (int i = 0; i < rank; ++i) {
    const int d = kMaxSpatialRank - rank + i;
    // The transposed conv's input is the forward geometry's output, and vice versa.
    const int64_t in = g.input[d];
    g.output[d] = in;
    const int64_t extra = output_padding.empty() ? 0 : output_padding[i];
    if (!output_padding.empty() && extra >= std::max(g.stride[d], g.dilation[d])) {
      return invalid_argument("output_padding ", extra, " must be less than stride or dilation");
    }
    const int64_t full = g.stride[d] * (in - 1) + extra + g.dilated_kernel(d);
    if (!output_shape.empty() || same) {
      const int64_t target = output_shape.empty() ? in * g.stride[d] : output_shape[i];
      split_padding(window.auto_pad, full - target, &g.pad_begin[d], &g.pad_end[d]);
    } else if (window.auto_pad == AutoPad::kValid) {
      g.pad_begin[d] = g.pad_end[d] = 0;
    }
    g.input[d] = full - g.pad_begin[d] - g.pad_end[d];
    if (g.input[d] < 1) {
      return invalid_argument("pads leave an empty output in spatial dim ", i);
    }
  }
  return g;
}

}  // namespace edgeq::runtime
