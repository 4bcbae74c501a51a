// Scalar requantization with the arithmetic of XNNPACK 2022-02 on x86 (the version Debian ships),
// shared by the QLinear* reference kernels so that the portable integer kernels and the XNNPACK
// delegate produce the same bytes.
//
// Three schemes, as XNNPACK's subgraph API of that version selects them on x86 (SSE2 to AVX-512):
//  - "fp32" (convolution, fully connected, global average pooling, multiply): the int32
//    accumulator is converted to float, multiplied by a float scale, clamped above and below to
//    [qmin - zero_point, qmax - zero_point] in float, rounded to nearest-even and offset by the
//    zero point. The AVX2/AVX-512 kernels clamp the top in float and the bottom after adding the
//    zero point in integers; both orders give the same result because the lower bound is an
//    integer and rounding is monotonic.
//  - fixed-point add: each input's scale ratio becomes an integer multiplier with a common shift
//    (20 significant bits for the larger ratio); the sum of products plus a rounding constant is
//    shifted right arithmetically (ties round up, toward +infinity), then offset and clamped.
//  - 256-entry lookup tables (sigmoid, leaky relu): the float function applied to each
//    dequantized input, scaled by the reciprocal output scale, rounded to nearest-even, offset,
//    clamped.
// Scale ratios are computed in float in XNNPACK's order (e.g. input * weight / output).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "runtime/core/status.h"

namespace edgeq::runtime {

// Output range of a quantized result: [qmin, qmax] within the dtype's range.
struct QuantRange {
  int32_t zero_point = 0;
  int32_t qmin = -128;
  int32_t qmax = 127;
};

// XNNPACK's fp32 requantization of one accumulator (an int32 for XNNPACK's 8-bit kernels; the
// int64 sums of the int16 reference kernels take the same path: converted to float, rounded once).
inline int32_t requantize_fp32(int64_t acc, float scale, const QuantRange& out) {
  float scaled = static_cast<float>(acc) * scale;
  scaled = std::max(scaled, static_cast<float>(out.qmin - out.zero_point));
  scaled = std::min(scaled, static_cast<float>(out.qmax - out.zero_point));
  return static_cast<int32_t>(std::nearbyint(scaled)) + out.zero_point;
}

// The fp32 multiplier of a convolution or fully connected layer: input * weight / output, in
// float. XNNPACK rejects a result >= 256 (and inputs that are not positive normal floats).
inline float conv_requantization_scale(float input_scale, float weight_scale, float output_scale) {
  return input_scale * weight_scale / output_scale;
}

// The fp32 multiplier of a multiply: (a * b) / output, in float; XNNPACK accepts [2^-16, 2^8).
inline float mul_requantization_scale(float a_scale, float b_scale, float output_scale) {
  const float product_scale = a_scale * b_scale;
  return product_scale / output_scale;
}

// The fp32 multiplier of a global average over `count` elements: input / (output * count).
inline float average_requantization_scale(float input_scale, float output_scale, int64_t count) {
  return input_scale / (output_scale * static_cast<float>(count));
}

// Fixed-point parameters of an add: out = clamp(((bias + a * a_mul + b * b_mul) >> shift) + zp).
struct AddRequantization {
  int32_t a_multiplier = 0;
  int32_t b_multiplier = 0;
  int64_t bias = 0;  // rounding constant minus the zero points' contributions (int16 zero points
                     // times a 21-bit multiplier need more than 32 bits)
  int32_t shift = 0;
};

// Derives the add parameters from the ratios a_scale / output_scale and b_scale / output_scale
// (computed in float), each of which must lie in [2^-10, 2^8) as XNNPACK requires.
Result<AddRequantization> make_add_requantization(float a_scale, int32_t a_zero_point,
                                                  float b_scale, int32_t b_zero_point,
                                                  float output_scale);

inline int32_t requantize_add(int32_t a, int32_t b, const AddRequantization& p,
                              const QuantRange& out) {
  const int64_t acc =
      p.bias + static_cast<int64_t>(a) * p.a_multiplier + static_cast<int64_t>(b) * p.b_multiplier;
  // Arithmetic shift: floor division. |acc| < 2^39 for int16 inputs and shift >= 12, so the
  // quotient fits in int32.
  const int32_t shifted = static_cast<int32_t>(acc >> p.shift);
  return std::clamp(shifted + out.zero_point, out.qmin, out.qmax);
}

// Checks that a scale is a positive normal float; the error names `what`.
Status check_quantization_scale(float scale, const char* what);

}  // namespace edgeq::runtime
