#include "quantizer/weight_quantization.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "runtime/kernels/quantize_util.h"

namespace edgeq::quantizer {
namespace {

// Checks the params and their fit to `shape`; returns the element -> parameter layout.
Result<runtime::QuantParamLayout> checked_layout(const QuantParams& params, const Shape& shape,
                                                 std::string_view what) {
  EDGEQ_RETURN_IF_ERROR(validate_quant_params(params, what));
  EDGEQ_RETURN_IF_ERROR(quant_param_shape(params, shape, what).status());
  return quant_param_layout(shape, params.axis, params.group_size, what);
}

Status check_finite(const float* data, size_t count, const TensorView& tensor,
                    std::string_view what) {
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(data[i])) {
      return invalid_argument(what, ": ", data[i], " at element ", i, " of ", tensor.to_string(),
                              " cannot be quantized");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<uint8_t>> quantize_weights(const TensorView& weights, const QuantParams& params,
                                              std::string_view what) {
  if (weights.dtype != DType::kF32 || (weights.numel() > 0 && weights.data == nullptr)) {
    return invalid_argument(what, ": weights to quantize must be f32 with data, got ",
                            weights.to_string());
  }
  const auto count = static_cast<size_t>(weights.numel());
  const float* x = weights.data_as<const float>();
  EDGEQ_RETURN_IF_ERROR(check_finite(x, count, weights, what));
  std::vector<uint8_t> bytes(dtype_storage_bytes(params.dtype, count), 0);
  if (params.dtype == DType::kF16) {
    EDGEQ_RETURN_IF_ERROR(validate_quant_params(params, what));
    for (size_t i = 0; i < count; ++i) {
      const uint16_t half = float_to_half(x[i]);
      std::memcpy(bytes.data() + 2 * i, &half, sizeof(half));
    }
    return bytes;
  }
  EDGEQ_ASSIGN_OR_RETURN(runtime::QuantParamLayout layout,
                         checked_layout(params, weights.shape, what));
  // Rounding in f32 as QuantizeLinear does; the clamp in double, exact for the i32 range.
  const auto qmin = static_cast<double>(params.quant_min);
  const auto qmax = static_cast<double>(params.quant_max);
  runtime::visit_quantized_dtype(params.dtype, [&](auto access) {
    using Access = decltype(access);
    runtime::for_each_quantized_element(layout, [&](int64_t e, int64_t p) {
      const double q =
          static_cast<double>(std::nearbyint(x[e] / params.scales[p])) + params.zero_points[p];
      Access::store(bytes.data(), e, static_cast<int32_t>(std::clamp(q, qmin, qmax)));
    });
  });
  return bytes;
}

Result<std::vector<float>> dequantize_weights(const TensorView& quantized,
                                              const QuantParams& params, std::string_view what) {
  if (quantized.dtype != params.dtype) {
    return invalid_argument(what, ": quantized tensor ", quantized.to_string(),
                            " does not have the parameters' dtype ", dtype_name(params.dtype));
  }
  const auto count = static_cast<size_t>(quantized.numel());
  if (count > 0 && quantized.data == nullptr) {
    return invalid_argument(what, ": quantized tensor ", quantized.to_string(), " has no data");
  }
  std::vector<float> values(count);
  if (params.dtype == DType::kF16) {
    EDGEQ_RETURN_IF_ERROR(validate_quant_params(params, what));
    const auto* bytes = quantized.data_as<const uint8_t>();
    for (size_t i = 0; i < count; ++i) {
      uint16_t half;
      std::memcpy(&half, bytes + 2 * i, sizeof(half));
      values[i] = half_to_float(half);
    }
    return values;
  }
  EDGEQ_ASSIGN_OR_RETURN(runtime::QuantParamLayout layout,
                         checked_layout(params, quantized.shape, what));
  runtime::visit_quantized_dtype(params.dtype, [&](auto access) {
    using Access = decltype(access);
    runtime::for_each_quantized_element(layout, [&](int64_t e, int64_t p) {
      const int32_t q = Access::load(quantized.data, e);
      // The formula of the DequantizeLinear kernel, so both give the same floats.
      values[e] =
          (static_cast<float>(q) - static_cast<float>(params.zero_points[p])) * params.scales[p];
    });
  });
  return values;
}

}  // namespace edgeq::quantizer
