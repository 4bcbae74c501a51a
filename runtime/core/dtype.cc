#include "runtime/core/dtype.h"

#include <cstring>

namespace edgeq {
namespace {

struct DTypeInfo {
  DType dtype;
  const char* name;
  size_t size;
};

constexpr DTypeInfo kDTypes[kNumDTypes] = {
    {DType::kUndefined, "undefined", 0}, {DType::kF32, "f32", 4}, {DType::kF16, "f16", 2},
    {DType::kI8, "i8", 1},   {DType::kU8, "u8", 1},     {DType::kI16, "i16", 2},
    {DType::kI32, "i32", 4}, {DType::kI64, "i64", 8},   {DType::kBool, "bool", 1},
    {DType::kI4, "i4", 0},
};

}  // namespace

bool dtype_is_valid(uint8_t raw) { return raw > 0 && raw < kNumDTypes; }

const char* dtype_name(DType dtype) {
  auto raw = static_cast<uint8_t>(dtype);
  return raw < kNumDTypes ? kDTypes[raw].name : "invalid";
}

bool dtype_from_name(std::string_view name, DType* out) {
  for (const auto& info : kDTypes) {
    if (info.dtype != DType::kUndefined && name == info.name) {
      *out = info.dtype;
      return true;
    }
  }
  return false;
}

size_t dtype_size(DType dtype) {
  auto raw = static_cast<uint8_t>(dtype);
  return raw < kNumDTypes ? kDTypes[raw].size : 0;
}

size_t dtype_storage_bytes(DType dtype, size_t count) {
  if (dtype == DType::kI4) return (count + 1) / 2;
  return count * dtype_size(dtype);
}

uint16_t float_to_half(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  const uint32_t sign = (bits >> 16) & 0x8000u;
  const uint32_t abs = bits & 0x7FFFFFFFu;
  if (abs >= 0x7F800000u) {  // Inf or NaN (keep NaN quiet and non-zero)
    return static_cast<uint16_t>(sign | 0x7C00u | (abs > 0x7F800000u ? 0x0200u : 0u));
  }
  if (abs >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);  // rounds to Inf
  if (abs < 0x38800000u) {  // result is subnormal or zero: exponent below 2^-14
    if (abs < 0x33000000u) return static_cast<uint16_t>(sign);  // below half the smallest subnormal
    const uint32_t exponent = abs >> 23;
    const uint32_t mantissa = (abs & 0x7FFFFFu) | 0x800000u;
    const uint32_t total_shift = 126 - exponent;  // 14..24: value / 2^-24, the subnormal unit
    uint32_t half = mantissa >> total_shift;
    const uint32_t remainder = mantissa & ((1u << total_shift) - 1);
    const uint32_t halfway = 1u << (total_shift - 1);
    if (remainder > halfway || (remainder == halfway && (half & 1u))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  // Normal: rebias exponent (127 -> 15) and round the 13 dropped mantissa bits to nearest even.
  uint32_t half = ((abs - 0x38000000u) >> 13);
  const uint32_t remainder = abs & 0x1FFFu;
  if (remainder > 0x1000u || (remainder == 0x1000u && (half & 1u))) ++half;
  return static_cast<uint16_t>(sign | half);
}

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1Fu;
  uint32_t mantissa = h & 0x3FFu;
  uint32_t bits;
  if (exponent == 0x1F) {
    bits = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {  // subnormal: normalise
    uint32_t e = 113;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --e;
    }
    bits = sign | (e << 23) | ((mantissa & 0x3FFu) << 13);
  }
  float out;
  std::memcpy(&out, &bits, sizeof(out));
  return out;
}

}  // namespace edgeq
