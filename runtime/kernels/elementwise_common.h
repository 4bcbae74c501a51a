// Small helpers shared by the elementwise, activation, softmax and reduction kernels: dtype sets
// and their checks, input-count checks, integer scalar inputs, and integer arithmetic that wraps
// instead of overflowing (signed overflow is undefined behaviour in C++; ONNX integer ops wrap like
// numpy).
#pragma once

#include <cstdint>
#include <type_traits>

#include "runtime/core/dtype.h"
#include "runtime/core/op_type.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::runtime {

// A set of dtypes as a bit mask.
using DTypeSet = uint32_t;
constexpr DTypeSet dtype_bit(DType dtype) { return 1u << static_cast<unsigned>(dtype); }
constexpr DTypeSet kF32Only = dtype_bit(DType::kF32);
constexpr DTypeSet kF32AndIntegers =
    dtype_bit(DType::kF32) | dtype_bit(DType::kI32) | dtype_bit(DType::kI64);
// The narrow integers that ONNX's conformance tests use for Add, Sub, Mul, Div, Max, Min, Clip.
constexpr DTypeSet kSmallIntegers =
    dtype_bit(DType::kI8) | dtype_bit(DType::kU8) | dtype_bit(DType::kI16);

// Unimplemented "Add: dtype f16 is not supported" when `dtype` is not in `allowed`
// (InvalidArgument when the input is absent).
Status check_dtype(OpType op, DType dtype, DTypeSet allowed);

// Checks the input and output counts against the op list's arity for `op`.
Status check_counts(OpType op, Span<const TensorView> inputs, Span<TensorView> outputs);

// Checks that `tensor` (input `name` of `op`) is one i32 or i64 element (rank 0 or 1), such as
// CumSum's axis or Trilu's k; InvalidArgument naming the input otherwise.
Status check_int_scalar(OpType op, const char* name, const TensorView& tensor);

// The value of a tensor that passed check_int_scalar and has data.
int64_t int_scalar_value(const TensorView& tensor);

// Calls body(T{}) with T the C++ type of `dtype` (f32, i8, u8, i16, i32, i64 or bool),
// instantiating the body only for the dtypes in kAllowed. The caller has checked the dtype first.
template <DTypeSet kAllowed, typename Body>
void visit_dtypes(DType dtype, Body&& body) {
  switch (dtype) {
    case DType::kI8:
      if constexpr ((kAllowed & dtype_bit(DType::kI8)) != 0) body(int8_t{});
      break;
    case DType::kU8:
      if constexpr ((kAllowed & dtype_bit(DType::kU8)) != 0) body(uint8_t{});
      break;
    case DType::kI16:
      if constexpr ((kAllowed & dtype_bit(DType::kI16)) != 0) body(int16_t{});
      break;
    case DType::kF32:
      if constexpr ((kAllowed & dtype_bit(DType::kF32)) != 0) body(float{});
      break;
    case DType::kI32:
      if constexpr ((kAllowed & dtype_bit(DType::kI32)) != 0) body(int32_t{});
      break;
    case DType::kI64:
      if constexpr ((kAllowed & dtype_bit(DType::kI64)) != 0) body(int64_t{});
      break;
    case DType::kBool:
      if constexpr ((kAllowed & dtype_bit(DType::kBool)) != 0) body(bool{});
      break;
    default:
      break;
  }
}

// Integer +, -, * and negation with two's-complement wrap-around; plain arithmetic for floats.
// The arithmetic runs in an unsigned type at least as wide as unsigned int, so that narrow types
// do not promote to (overflowing) signed int.
template <typename T>
using WrappingUnsigned = std::make_unsigned_t<std::common_type_t<T, unsigned>>;

template <typename T>
constexpr T wrapping_add(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = WrappingUnsigned<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}
template <typename T>
constexpr T wrapping_sub(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = WrappingUnsigned<T>;
    return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
  } else {
    return a - b;
  }
}
template <typename T>
constexpr T wrapping_mul(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = WrappingUnsigned<T>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  } else {
    return a * b;
  }
}
template <typename T>
constexpr T wrapping_neg(T a) {
  return wrapping_sub(T{0}, a);
}

// max/min written so that compilers emit maxps/minps in vectorised loops.
template <typename T>
constexpr T max_of(T a, T b) {
  return a < b ? b : a;
}
template <typename T>
constexpr T min_of(T a, T b) {
  return b < a ? b : a;
}

}  // namespace edgeq::runtime
