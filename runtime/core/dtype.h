// Element types of edgeq tensors, their sizes, and the conversions that need care: IEEE fp16 and
// packed signed int4 (two values per byte, the element with the even index in the low nibble).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace edgeq {

// The numeric values are part of the program file format: append only, never renumber.
enum class DType : uint8_t {
  kUndefined = 0,  // also marks an absent optional input
  kF32 = 1,
  kF16 = 2,
  kI8 = 3,
  kU8 = 4,
  kI16 = 5,
  kI32 = 6,
  kI64 = 7,
  kBool = 8,  // one byte per element, 0 or 1
  kI4 = 9,    // signed int4 in [-8, 7], packed two per byte
};

constexpr int kNumDTypes = 10;

// "f32", "i4", ... ("undefined" for kUndefined).
const char* dtype_name(DType dtype);
// Inverse of dtype_name; false when `name` names no dtype.
bool dtype_from_name(std::string_view name, DType* out);
// True for the dtypes that are valid in a tensor (everything but kUndefined).
bool dtype_is_valid(uint8_t raw);
// Bytes per element; 0 for kI4 (use dtype_storage_bytes) and kUndefined.
size_t dtype_size(DType dtype);
// Bytes that `count` elements occupy: (count + 1) / 2 for kI4, count * dtype_size otherwise.
size_t dtype_storage_bytes(DType dtype, size_t count);

// Maps a C++ element type to its DType: dtype_of<float>() == DType::kF32.
template <typename T>
constexpr DType dtype_of();
template <> constexpr DType dtype_of<float>() { return DType::kF32; }
template <> constexpr DType dtype_of<int8_t>() { return DType::kI8; }
template <> constexpr DType dtype_of<uint8_t>() { return DType::kU8; }
template <> constexpr DType dtype_of<int16_t>() { return DType::kI16; }
template <> constexpr DType dtype_of<int32_t>() { return DType::kI32; }
template <> constexpr DType dtype_of<int64_t>() { return DType::kI64; }
template <> constexpr DType dtype_of<bool>() { return DType::kBool; }

// IEEE 754 half precision <-> single precision (round to nearest even; NaN and Inf preserved).
uint16_t float_to_half(float value);
float half_to_float(uint16_t bits);

// Packed int4 access. `packed` holds (count + 1) / 2 bytes.
inline int8_t int4_get(const uint8_t* packed, size_t index) {
  uint8_t byte = packed[index / 2];
  uint8_t nibble = (index % 2 == 0) ? (byte & 0x0F) : (byte >> 4);
  return static_cast<int8_t>(static_cast<int8_t>(nibble << 4) >> 4);  // sign-extend 4 bits
}
inline void int4_set(uint8_t* packed, size_t index, int8_t value) {
  uint8_t nibble = static_cast<uint8_t>(value) & 0x0F;
  uint8_t& byte = packed[index / 2];
  byte = (index % 2 == 0) ? static_cast<uint8_t>((byte & 0xF0) | nibble)
                          : static_cast<uint8_t>((byte & 0x0F) | (nibble << 4));
}

}  // namespace edgeq
