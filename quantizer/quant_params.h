// Quantization parameters and the math that chooses them from a float range, as TFLite defines it:
//   real = scale * (q - zero_point),   q in [quant_min, quant_max].
//
// Rules (TFLite's ChooseQuantizationParams / GetSymmetricQuantizationParams, with PT2E's eps):
//   - The range is widened to contain 0 first ([2, 5] -> [0, 5], [-5, -2] -> [-5, 0]) so that 0 is
//     exactly representable (zero padding, ReLU).
//   - Affine: scale = (max - min) / (quant_max - quant_min); the zero point is computed from the
//     side (min or max) whose computation has the smaller rounding error, then nudged to an
//     integer in [quant_min, quant_max] (rounded half away from zero).
//   - Symmetric: zero point 0 and scale = max(|min|, |max|) / quant_max. Narrow range makes
//     quant_min = -quant_max (int8 weights [-127, 127], int4 weights [-7, 7], int16 [-32767,
//     32767]) so that +-max map exactly and the integer range is symmetric. Symmetric needs a
//     signed dtype.
//   - The scale never falls below `eps` (default: float's machine epsilon). When the floor widens
//     the scale, the zero point anchors min at quant_min (the range stays covered).
//   - Degenerate ranges: an all-zero range ([0, 0] after widening, e.g. an all-zero or never
//     observed tensor) gets scale 1 and the zero point 0 (clamped into the range): every value
//     quantizes and dequantizes to exactly 0. A constant tensor [c, c] becomes [0, c] and is exact.
//   - NaN or Inf in a range, or min > max, is an InvalidArgument naming the tensor.
//   - Bias (int32): scale = input scale * weight scale (per weight channel), zero point 0.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::quantizer {

// The smallest scale the math produces unless a spec asks otherwise (float32 machine epsilon,
// PyTorch's default).
constexpr float kDefaultScaleEps = 1.1920929e-07f;

// The integer target of a quantization: what an observer's range is mapped onto.
struct QuantRangeSpec {
  DType dtype = DType::kI8;  // u8, i8, i16, i32 or i4
  int32_t quant_min = -128;
  int32_t quant_max = 127;
  bool symmetric = false;  // zero point 0, scale from max |x|
  float eps = kDefaultScaleEps;
};

// The standard spec for `dtype`: the dtype's full range, or with `narrow_range` the symmetric one
// [-quant_max, quant_max] (i8 [-127, 127], i4 [-7, 7], i16 [-32767, 32767], i32 [-(2^31 - 1),
// 2^31 - 1]). InvalidArgument for a dtype that is not u8/i8/i16/i32/i4, for symmetric u8, and
// for narrow range on u8.
Result<QuantRangeSpec> make_range_spec(DType dtype, bool symmetric, bool narrow_range = false);

// Checks a spec: supported dtype, quant_min < quant_max inside the dtype's range, eps > 0 and
// finite, symmetric only for signed dtypes with quant_min <= -quant_max. `what` names the user.
Status validate_range_spec(const QuantRangeSpec& spec, std::string_view what);

// Parameters of one quantized tensor.
//   - per tensor: axis == -1, group_size == 0, one scale and one zero point;
//   - per channel: axis >= 0 (non-negative, normalised by the caller), group_size == 0, one
//     parameter per index along the axis;
//   - per group (block): axis >= 0 and group_size > 0: consecutive runs of `group_size` elements
//     along the axis share a parameter; the parameters are laid out row-major in the tensor's
//     shape with dim[axis] replaced by ceil(dim[axis] / group_size) (ONNX DequantizeLinear's
//     block layout, see quant_param_shape).
// fp16 "quantization" has dtype kF16 and no scales or zero points.
struct QuantParams {
  DType dtype = DType::kI8;
  std::vector<float> scales;
  std::vector<int32_t> zero_points;
  int axis = -1;
  int group_size = 0;
  // The integer range values are clamped to (narrow range for symmetric weights): weight
  // quantization saturates to it. Defaults to the full int8 range.
  int32_t quant_min = -128;
  int32_t quant_max = 127;

  bool is_per_tensor() const { return axis < 0; }
  bool is_per_group() const { return axis >= 0 && group_size > 0; }
  bool is_per_channel() const { return axis >= 0 && group_size == 0; }
};

// Scale and zero point of one range.
struct ScaleZeroPoint {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

// TFLite's scale / zero point for the float range [min, max] (see the rules above). `what` names
// the tensor in errors ("value 'conv1_out'").
Result<ScaleZeroPoint> choose_scale_zero_point(float min, float max, const QuantRangeSpec& spec,
                                               std::string_view what);

// Per-tensor parameters for [min, max].
Result<QuantParams> quant_params_from_range(float min, float max, const QuantRangeSpec& spec,
                                            std::string_view what);

// Per-channel (group_size == 0) or per-group (group_size > 0) parameters: one range per
// parameter, in the layout QuantParams documents; `mins` and `maxs` have the same size (> 0).
// Errors name the tensor and the parameter index.
Result<QuantParams> quant_params_from_ranges(Span<const float> mins, Span<const float> maxs,
                                             int axis, int group_size, const QuantRangeSpec& spec,
                                             std::string_view what);

// int32 bias parameters for a layer with per-tensor `input` and per-tensor or per-channel
// `weight` parameters: scale[c] = input.scales[0] * weight.scales[c], zero point 0, axis 0 when
// the weight is per channel, quant range [-(2^31 - 1), 2^31 - 1]. InvalidArgument when the input
// is not per tensor or the weight is per group (bias needs one scale per output channel).
Result<QuantParams> bias_quant_params(const QuantParams& input, const QuantParams& weight,
                                      std::string_view what);

// The shape of the scale / zero-point tensors for one granularity on a tensor of shape `tensor`:
// [] per tensor (axis < 0), [dim[axis]] per channel (group_size == 0), the block shape per group.
// InvalidArgument (naming `what`) for an axis outside the tensor's rank or a negative group size.
Result<Shape> quant_param_shape(const Shape& tensor, int axis, int group_size,
                                std::string_view what);
// The same for `params`, also checking that their number of parameters fits.
Result<Shape> quant_param_shape(const QuantParams& params, const Shape& tensor,
                                std::string_view what);

// The runtime's element -> parameter mapping (quantize_util.h, the one DequantizeLinear uses) for
// a granularity on `tensor`: for_each_quantized_element(layout, fn) visits every element with
// the index of its parameter.
Result<runtime::QuantParamLayout> quant_param_layout(const Shape& tensor, int axis, int group_size,
                                                     std::string_view what);

// Checks `params` on their own: a quantized dtype (or f16 with no parameters), as many zero
// points as scales, finite positive scales, zero points inside [quant_min, quant_max] inside
// the dtype's range. Errors name `what`.
Status validate_quant_params(const QuantParams& params, std::string_view what);

// "i8 per-tensor scale=0.0235 zp=-3", "i4 per-group axis=1 group=32 (64 params)": for reports.
std::string describe(const QuantParams& params);

}  // namespace edgeq::quantizer
