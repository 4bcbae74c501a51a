// Quantizing float constants (weights, biases) into the bytes a QDQ graph stores, and back.
//
// quantize: q = clamp(round_half_to_even(x / scale) + zero_point, quant_min, quant_max), the
// rounding of ONNX QuantizeLinear (so a stored weight equals what QuantizeLinear would compute,
// except for the clamp to the params' possibly narrow range). Output bytes per dtype:
//   u8 / i8 / i16 / i32: one element each, little-endian host order;
//   i4: packed two per byte, the even element in the low nibble (dtype.h's int4_set), an odd
//       element count leaves the last high nibble 0;
//   f16: IEEE half (dtype.h's float_to_half), params.dtype == kF16 and no scales.
// The parameter layout (per tensor / channel / group) is QuantParams'; the element -> parameter
// mapping is the runtime's (quantize_util.h), so DequantizeLinear reads the bytes back exactly.
// NaN or Inf in a weight is an InvalidArgument naming the tensor and the element.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "quantizer/quant_params.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::quantizer {

// `weights` is f32 with data. Returns dtype_storage_bytes(params.dtype, numel) bytes.
// Errors (named `what`): non-f32 input, invalid params, params that do not fit the shape,
// NaN/Inf.
Result<std::vector<uint8_t>> quantize_weights(const TensorView& weights, const QuantParams& params,
                                              std::string_view what);

// The float values of quantized bytes: `quantized` has params.dtype and the tensor's shape
// (f16 bytes are converted back). Errors as above, and a dtype differing from params.dtype.
Result<std::vector<float>> dequantize_weights(const TensorView& quantized,
                                              const QuantParams& params, std::string_view what);

}  // namespace edgeq::quantizer
