// Shared by QuantizeLinear and DequantizeLinear: where each element finds its scale and zero point
// (per tensor, per axis, or per block along an axis), and integer access to the quantized dtypes
// (u8, i8, i16, i32 and packed i4).
#pragma once

#include <cstdint>
#include <limits>

#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::runtime {

// The quantized tensor viewed as [outer, axis_dim, inner]: element (o, a, i) uses parameter
// o * outer_stride + (a / block) * axis_stride + i * inner_stride of the scale and zero point.
struct QuantParamLayout {
  int64_t outer = 1;
  int64_t axis_dim = 1;
  int64_t inner = 1;
  int64_t block = 1;  // consecutive axis elements that share one parameter
  int64_t outer_stride = 0;
  int64_t axis_stride = 0;
  int64_t inner_stride = 0;
};

// Checks `scale` (f32) and `zero_point` (absent, or scale's shape with a quantized dtype) against
// a tensor of shape `x` and builds the layout. Per tensor when the scale has one element and rank
// 0 or 1; per axis (`axis`, negative counts from the back) when it is 1-D of x's dim at the axis;
// per block of `block_size` (> 0, opset 21) along the axis when it has x's rank, with
// ceil(dim / block_size) at the axis and x's dims elsewhere.
Result<QuantParamLayout> make_quant_param_layout(const char* op, const Shape& x,
                                                 const TensorView& scale,
                                                 const TensorView& zero_point, int64_t axis,
                                                 int64_t block_size);

// Calls fn(element_index, param_index) for every element of the tensor in row-major order.
template <typename Fn>
void for_each_quantized_element(const QuantParamLayout& layout, Fn&& fn) {
  int64_t element = 0;
  for (int64_t o = 0; o < layout.outer; ++o) {
    for (int64_t a = 0; a < layout.axis_dim; ++a) {
      const int64_t base = o * layout.outer_stride + (a / layout.block) * layout.axis_stride;
      for (int64_t i = 0; i < layout.inner; ++i) fn(element++, base + i * layout.inner_stride);
    }
  }
}

// Integer access to a quantized dtype's elements: the range, a load and a store by element index.
template <typename T>
struct IntAccess {
  static constexpr int32_t kMin = static_cast<int32_t>(std::numeric_limits<T>::min());
  static constexpr int32_t kMax = static_cast<int32_t>(std::numeric_limits<T>::max());
  static int32_t load(const void* data, int64_t index) {
    return static_cast<const T*>(data)[index];
  }
  static void store(void* data, int64_t index, int32_t value) {
    static_cast<T*>(data)[index] = static_cast<T>(value);
  }
};

// Tag for packed signed int4 (dtype.h's int4_get / int4_set).
struct Int4 {};
template <>
struct IntAccess<Int4> {
  static constexpr int32_t kMin = -8;
  static constexpr int32_t kMax = 7;
  static int32_t load(const void* data, int64_t index) {
    return int4_get(static_cast<const uint8_t*>(data), static_cast<size_t>(index));
  }
  static void store(void* data, int64_t index, int32_t value) {
    int4_set(static_cast<uint8_t*>(data), static_cast<size_t>(index), static_cast<int8_t>(value));
  }
};

// True for u8, i8, i16, i32 and i4.
bool is_quantized_dtype(DType dtype);

// Calls fn(IntAccess<T>()) for the quantized `dtype` (checked by the caller with
// is_quantized_dtype).
template <typename Fn>
void visit_quantized_dtype(DType dtype, Fn&& fn) {
  switch (dtype) {
    case DType::kU8:
      fn(IntAccess<uint8_t>());
      break;
    case DType::kI8:
      fn(IntAccess<int8_t>());
      break;
    case DType::kI16:
      fn(IntAccess<int16_t>());
      break;
    case DType::kI32:
      fn(IntAccess<int32_t>());
      break;
    case DType::kI4:
      fn(IntAccess<Int4>());
      break;
    default:
      break;
  }
}

}  // namespace edgeq::runtime
