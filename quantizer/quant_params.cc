#include "quantizer/quant_params.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace edgeq::quantizer {
namespace {

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

struct IntRange {
  int64_t min;
  int64_t max;
};

// The full integer range of a quantized dtype; false for other dtypes.
bool dtype_int_range(DType dtype, IntRange* range) {
  switch (dtype) {
    case DType::kU8:
      *range = {0, 255};
      return true;
    case DType::kI8:
      *range = {-128, 127};
      return true;
    case DType::kI16:
      *range = {-32768, 32767};
      return true;
    case DType::kI32:
      *range = {std::numeric_limits<int32_t>::min(), kInt32Max};
      return true;
    case DType::kI4:
      *range = {-8, 7};
      return true;
    default:
      return false;
  }
}

// Rounds half away from zero (TFLite's TfLiteRound) for the zero-point nudge.
int64_t round_half_away(double value) { return static_cast<int64_t>(std::round(value)); }

Status check_range(float min, float max, std::string_view what) {
  if (!std::isfinite(min) || !std::isfinite(max)) {
    return invalid_argument(what, ": range [", min, ", ", max,
                            "] is not finite (NaN or Inf in the data)");
  }
  if (min > max) return invalid_argument(what, ": range [", min, ", ", max, "] has min > max");
  return Status::Ok();
}

}  // namespace

Result<QuantRangeSpec> make_range_spec(DType dtype, bool symmetric, bool narrow_range) {
  IntRange range;
  if (!dtype_int_range(dtype, &range)) {
    return invalid_argument("quantization range: dtype ", dtype_name(dtype),
                            " is not a quantized dtype (u8, i8, i16, i32, i4)");
  }
  if (dtype == DType::kU8 && (symmetric || narrow_range)) {
    return invalid_argument("quantization range: u8 cannot be symmetric or narrow range");
  }
  QuantRangeSpec spec;
  spec.dtype = dtype;
  spec.quant_max = static_cast<int32_t>(range.max);
  spec.quant_min = narrow_range ? -spec.quant_max : static_cast<int32_t>(range.min);
  spec.symmetric = symmetric;
  return spec;
}

Status validate_range_spec(const QuantRangeSpec& spec, std::string_view what) {
  IntRange range;
  if (!dtype_int_range(spec.dtype, &range)) {
    return invalid_argument(what, ": dtype ", dtype_name(spec.dtype),
                            " is not a quantized dtype (u8, i8, i16, i32, i4)");
  }
  if (spec.quant_min >= spec.quant_max || spec.quant_min < range.min ||
      spec.quant_max > range.max) {
    return invalid_argument(what, ": quant range [", spec.quant_min, ", ", spec.quant_max,
                            "] is empty or outside ", dtype_name(spec.dtype), "'s [", range.min,
                            ", ", range.max, "]");
  }
  if (!(spec.eps > 0.0f) || !std::isfinite(spec.eps)) {
    return invalid_argument(what, ": eps ", spec.eps, " must be finite and > 0");
  }
  if (spec.symmetric && (range.min == 0 || spec.quant_min > -spec.quant_max)) {
    return invalid_argument(
        what,
        ": symmetric quantization needs a signed range with quant_min <= ", "-quant_max (got ",
        dtype_name(spec.dtype), " [", spec.quant_min, ", ", spec.quant_max, "])");
  }
  return Status::Ok();
}

Result<ScaleZeroPoint> choose_scale_zero_point(float min, float max, const QuantRangeSpec& spec,
                                               std::string_view what) {
  EDGEQ_RETURN_IF_ERROR(validate_range_spec(spec, what));
  EDGEQ_RETURN_IF_ERROR(check_range(min, max, what));
  const double rmin = std::min(0.0, static_cast<double>(min));
  const double rmax = std::max(0.0, static_cast<double>(max));
  const double qmin = spec.quant_min;
  const double qmax = spec.quant_max;
  ScaleZeroPoint result;
  if (rmin == rmax) {  // all zero: any positive scale is exact
    result.scale = 1.0f;
    result.zero_point = std::clamp<int32_t>(0, spec.quant_min, spec.quant_max);
    return result;
  }
  if (spec.symmetric) {
    const double scale = std::max(-rmin, rmax) / qmax;
    result.scale = std::max(static_cast<float>(scale), spec.eps);
    result.zero_point = 0;
    return result;
  }
  // The zero point is computed with the double scale, as TFLite does; the float is stored.
  const double s = std::max((rmax - rmin) / (qmax - qmin), static_cast<double>(spec.eps));
  const double zero_point_from_min = qmin - rmin / s;
  const double zero_point_from_max = qmax - rmax / s;
  const double error_from_min = std::abs(qmin) + std::abs(rmin / s);
  const double error_from_max = std::abs(qmax) + std::abs(rmax / s);
  // When the eps floor widened the scale, the grid is anchored at min so the range stays covered.
  const bool floored = s > (rmax - rmin) / (qmax - qmin);
  const double zero_point =
      floored || error_from_min < error_from_max ? zero_point_from_min : zero_point_from_max;
  int64_t nudged;
  if (zero_point < qmin) {
    nudged = spec.quant_min;
  } else if (zero_point > qmax) {
    nudged = spec.quant_max;
  } else {
    nudged = round_half_away(zero_point);
  }
  result.scale = std::max(static_cast<float>(s), spec.eps);
  result.zero_point = static_cast<int32_t>(nudged);
  return result;
}

Result<QuantParams> quant_params_from_range(float min, float max, const QuantRangeSpec& spec,
                                            std::string_view what) {
  const float mins[] = {min};
  const float maxs[] = {max};
  return quant_params_from_ranges(Span<const float>(mins), Span<const float>(maxs), -1, 0, spec,
                                  what);
}

Result<QuantParams> quant_params_from_ranges(Span<const float> mins, Span<const float> maxs,
                                             int axis, int group_size, const QuantRangeSpec& spec,
                                             std::string_view what) {
  if (mins.empty() || mins.size() != maxs.size()) {
    return invalid_argument(what, ": ", mins.size(), " minimums and ", maxs.size(),
                            " maximums (need the same number, at least one)");
  }
  if (axis < 0 && (group_size != 0 || mins.size() != 1)) {
    return invalid_argument(what, ": per-tensor parameters need one range and no group size");
  }
  if (group_size < 0) return invalid_argument(what, ": group size ", group_size, " < 0");
  QuantParams params;
  params.dtype = spec.dtype;
  params.axis = axis;
  params.group_size = group_size;
  params.quant_min = spec.quant_min;
  params.quant_max = spec.quant_max;
  params.scales.reserve(mins.size());
  params.zero_points.reserve(mins.size());
  for (size_t i = 0; i < mins.size(); ++i) {
    Result<ScaleZeroPoint> chosen = choose_scale_zero_point(mins[i], maxs[i], spec, what);
    if (!chosen.ok()) {
      if (mins.size() == 1) return chosen.status();
      return chosen.status().with_context(str_cat("parameter ", i));
    }
    params.scales.push_back(chosen->scale);
    params.zero_points.push_back(chosen->zero_point);
  }
  return params;
}

Result<QuantParams> bias_quant_params(const QuantParams& input, const QuantParams& weight,
                                      std::string_view what) {
  EDGEQ_RETURN_IF_ERROR(validate_quant_params(input, str_cat(what, " (input parameters)")));
  EDGEQ_RETURN_IF_ERROR(validate_quant_params(weight, str_cat(what, " (weight parameters)")));
  if (!input.is_per_tensor()) {
    return invalid_argument(what, ": bias needs per-tensor input parameters (got ", describe(input),
                            ")");
  }
  if (weight.is_per_group()) {
    return invalid_argument(what, ": bias needs per-tensor or per-channel weight parameters (got ",
                            describe(weight), ")");
  }
  QuantParams bias;
  bias.dtype = DType::kI32;
  bias.axis = weight.is_per_channel() ? 0 : -1;
  bias.quant_min = -kInt32Max;
  bias.quant_max = kInt32Max;
  for (float weight_scale : weight.scales) {
    const float scale = input.scales[0] * weight_scale;
    if (!(scale > 0.0f) || !std::isfinite(scale)) {
      return invalid_argument(what, ": bias scale ", input.scales[0], " * ", weight_scale,
                              " is not a positive finite float");
    }
    bias.scales.push_back(scale);
    bias.zero_points.push_back(0);
  }
  return bias;
}

Result<Shape> quant_param_shape(const Shape& tensor, int axis, int group_size,
                                std::string_view what) {
  if (group_size < 0) return invalid_argument(what, ": group size ", group_size, " < 0");
  if (axis < 0) {
    if (group_size != 0)
      return invalid_argument(what, ": group size ", group_size, " without axis");
    return Shape();
  }
  if (axis >= tensor.rank()) {
    return invalid_argument(what, ": axis ", axis, " out of range for shape ", tensor.to_string());
  }
  const int64_t dim = tensor[axis];
  if (group_size == 0) return Shape({dim});
  Shape shape = tensor;
  shape[axis] = (dim + group_size - 1) / group_size;
  return shape;
}

Result<Shape> quant_param_shape(const QuantParams& params, const Shape& tensor,
                                std::string_view what) {
  EDGEQ_ASSIGN_OR_RETURN(Shape shape,
                         quant_param_shape(tensor, params.axis, params.group_size, what));
  if (static_cast<int64_t>(params.scales.size()) != shape.numel()) {
    return invalid_argument(what, ": ", params.scales.size(), " parameters for ", describe(params),
                            " on shape ", tensor.to_string(), " (expected ", shape.numel(), ")");
  }
  return shape;
}

Result<runtime::QuantParamLayout> quant_param_layout(const Shape& tensor, int axis, int group_size,
                                                     std::string_view what) {
  EDGEQ_ASSIGN_OR_RETURN(Shape param_shape, quant_param_shape(tensor, axis, group_size, what));
  const TensorView scale(DType::kF32, param_shape);
  Result<runtime::QuantParamLayout> layout = runtime::make_quant_param_layout(
      "quantization parameters", tensor, scale, TensorView(), axis, group_size);
  if (!layout.ok()) return layout.status().with_context(std::string(what));
  return layout;
}

Status validate_quant_params(const QuantParams& params, std::string_view what) {
  if (params.dtype == DType::kF16) {
    if (!params.scales.empty() || !params.zero_points.empty()) {
      return invalid_argument(what, ": f16 parameters carry no scales or zero points");
    }
    return Status::Ok();
  }
  IntRange range;
  if (!dtype_int_range(params.dtype, &range)) {
    return invalid_argument(what, ": dtype ", dtype_name(params.dtype),
                            " is not a quantized dtype (u8, i8, i16, i32, i4, f16)");
  }
  if (params.quant_min >= params.quant_max || params.quant_min < range.min ||
      params.quant_max > range.max) {
    return invalid_argument(what, ": quant range [", params.quant_min, ", ", params.quant_max,
                            "] is empty or outside ", dtype_name(params.dtype));
  }
  if (params.scales.empty() || params.scales.size() != params.zero_points.size()) {
    return invalid_argument(what, ": ", params.scales.size(), " scales and ",
                            params.zero_points.size(), " zero points (need the same number)");
  }
  if (params.group_size < 0 || (params.group_size > 0 && params.axis < 0)) {
    return invalid_argument(what, ": group size ", params.group_size, " needs an axis >= 0");
  }
  for (size_t i = 0; i < params.scales.size(); ++i) {
    if (!(params.scales[i] > 0.0f) || !std::isfinite(params.scales[i])) {
      return invalid_argument(what, ": scale[", i, "] = ", params.scales[i],
                              " is not a positive finite float");
    }
    if (params.zero_points[i] < params.quant_min || params.zero_points[i] > params.quant_max) {
      return invalid_argument(what, ": zero_point[", i, "] = ", params.zero_points[i], " outside [",
                              params.quant_min, ", ", params.quant_max, "]");
    }
  }
  return Status::Ok();
}

std::string describe(const QuantParams& params) {
  std::ostringstream out;
  out << dtype_name(params.dtype);
  if (params.dtype == DType::kF16) return out.str();
  if (params.is_per_tensor()) {
    out << " per-tensor";
    if (!params.scales.empty()) out << " scale=" << params.scales[0];
    if (!params.zero_points.empty()) out << " zp=" << params.zero_points[0];
  } else if (params.is_per_channel()) {
    out << " per-channel axis=" << params.axis << " (" << params.scales.size() << " params)";
  } else {
    out << " per-group axis=" << params.axis << " group=" << params.group_size << " ("
        << params.scales.size() << " params)";
  }
  return out.str();
}

}  // namespace edgeq::quantizer
