#include "runtime/kernels/requantization.h"

#include <cstring>

namespace edgeq::runtime {
namespace {

uint32_t float_bits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  return bits;
}

}  // namespace

Status check_quantization_scale(float scale, const char* what) {
  if (!(scale > 0.0f) || !std::isnormal(scale)) {
    return invalid_argument(what, " ", scale, " must be a positive normal float");
  }
  return Status::Ok();
}

Result<AddRequantization> make_add_requantization(float a_scale, int32_t a_zero_point,
                                                  float b_scale, int32_t b_zero_point,
                                                  float output_scale) {
  const float a_ratio = a_scale / output_scale;
  const float b_ratio = b_scale / output_scale;
  for (float ratio : {a_ratio, b_ratio}) {
    if (!(ratio >= 0x1.0p-10f && ratio < 0x1.0p+8f)) {
      return invalid_argument("input / output scale ratio ", ratio,
                              " outside [2^-10, 2^8) (XNNPACK's add range)");
    }
  }
  // The larger ratio gets 21 significant bits: shift = 20 - its binary exponent, in [12, 30].
  const int32_t exponent = static_cast<int32_t>(float_bits(std::max(a_ratio, b_ratio)) >> 23) - 127;
  AddRequantization p;
  p.shift = 20 - exponent;
  // ratio * 2^shift is exact (an exponent change), then rounded to nearest-even.
  p.a_multiplier = static_cast<int32_t>(std::nearbyint(std::ldexp(a_ratio, p.shift)));
  p.b_multiplier = static_cast<int32_t>(std::nearbyint(std::ldexp(b_ratio, p.shift)));
  const int64_t rounding = int64_t{1} << (p.shift - 1);
  p.bias =
      rounding - int64_t{p.a_multiplier} * a_zero_point - int64_t{p.b_multiplier} * b_zero_point;
  return p;
}

}  // namespace edgeq::runtime
