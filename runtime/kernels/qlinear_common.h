// Input and attribute handling shared by the QLinear* reference kernels (qlinear_*.cc): reading
// the constant scale and zero-point inputs, the fused output range, and int8/uint8 element access.
//
// Conventions common to every QLinear* op:
//  - activations are int8 or uint8 (XNNPACK's qint8 / quint8), or int16 (W8A16: symmetric int16
//    activations with int8 weights, which XNNPACK 2022 cannot run, so these kernels are their only
//    engine); weights are int8 or uint8; the output has the dtype of its zero point (or of the
//    first input when the zero point is absent);
//  - accumulators: with 8-bit activations, XNNPACK's int32 with wrap-around (so that the results
//    match XNNPACK's bytes); with int16 activations, the exact sum in int64 (a product of an int16
//    and an 8-bit code is below 2^24 in magnitude, so 2^39 of them fit), requantized with the
//    same fp32 arithmetic;
//  - scales are f32 scalars (or 1-D per-channel for QLinearConv/QLinearMatMul weights), zero
//    points int8/uint8 scalars of the matching tensor's dtype; an absent zero point means 0; all
//    of them must be constant (they are read once at prepare);
//  - attributes output_min / output_max (ints, quantized domain) fuse a clamp into the output;
//    absent, the output dtype's range applies.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/core/attributes.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"
#include "runtime/kernels/requantization.h"

namespace edgeq::runtime {

// True for the weight dtypes the QLinear* kernels accept (int8, uint8).
inline bool is_quantized_8bit(DType dtype) { return dtype == DType::kI8 || dtype == DType::kU8; }

// True for the activation dtypes the QLinear* kernels accept (int8, uint8, int16).
inline bool is_quantized_activation(DType dtype) {
  return is_quantized_8bit(dtype) || dtype == DType::kI16;
}

// Checks `t` is int8 or uint8; the error names the op and input.
Status check_quantized_8bit(const TensorView& t, const char* op, const char* name);

// Checks `t` is int8, uint8 or int16; the error names the op and input.
Status check_quantized_activation(const TensorView& t, const char* op, const char* name);

// The accumulator that gets requantized, from the exact sum: XNNPACK's int32 wrap-around for
// 8-bit activations, the exact sum for int16 activations.
inline int64_t accumulator_for(DType activation, int64_t exact_sum) {
  if (activation == DType::kI16) return exact_sum;
  return static_cast<int32_t>(static_cast<uint32_t>(exact_sum));
}

// The scale(s) of a constant f32 input with `expected` elements (1 = a scalar or [1]); each must
// be a positive normal float.
Result<std::vector<float>> read_scales(const TensorView& t, int64_t expected, const char* op,
                                       const char* name);
Result<float> read_scale(const TensorView& t, const char* op, const char* name);

// The zero point(s) of a constant input of dtype `dtype` with 1 or `expected` elements (broadcast
// to `expected`); absent means 0.
Result<std::vector<int32_t>> read_zero_points(const TensorView& t, DType dtype, int64_t expected,
                                              const char* op, const char* name);
Result<int32_t> read_zero_point(const TensorView& t, DType dtype, const char* op, const char* name);

// The output zero point and the clamp [qmin, qmax] from output_min / output_max (attributes in the
// quantized domain, within `dtype`'s range, output_min <= output_max).
Result<QuantRange> read_output_range(const Attributes& attrs, DType dtype, int32_t zero_point,
                                     const char* op);

// The dtype of a QLinear* output: its zero point's dtype, or `fallback` when that is absent.
inline DType output_dtype(const TensorView& zero_point, DType fallback) {
  return zero_point.present() ? zero_point.dtype : fallback;
}

// Element i of an int8/uint8/int16 tensor, widened.
inline int32_t load_quantized(const TensorView& t, int64_t i) {
  switch (t.dtype) {
    case DType::kI8:
      return t.data_as<const int8_t>()[i];
    case DType::kI16:
      return t.data_as<const int16_t>()[i];
    default:
      return t.data_as<const uint8_t>()[i];
  }
}

// Stores an already clamped value into element i of an int8/uint8/int16 tensor.
inline void store_quantized(const TensorView& t, int64_t i, int32_t value) {
  switch (t.dtype) {
    case DType::kI8:
      t.data_as<int8_t>()[i] = static_cast<int8_t>(value);
      break;
    case DType::kI16:
      t.data_as<int16_t>()[i] = static_cast<int16_t>(value);
      break;
    default:
      t.data_as<uint8_t>()[i] = static_cast<uint8_t>(value);
  }
}

// All elements of an int8/uint8/int16 tensor minus `zero_point`, as int32.
void load_centered(const TensorView& t, int32_t zero_point, int32_t* out);

}  // namespace edgeq::runtime
