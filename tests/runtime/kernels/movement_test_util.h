// Helpers for the data-movement and shape kernel tests: tensors of every movable dtype with
// distinct element bytes, a reference copy driven by an index map, and error expectations.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

// Every dtype the data-movement kernels move (all but packed i4).
inline std::vector<DType> movable_dtypes() {
  return {DType::kF32, DType::kF16, DType::kI8,  DType::kU8,
          DType::kI16, DType::kI32, DType::kI64, DType::kBool};
}

// A tensor whose elements have distinct bytes (bool elements alternate 0 and 1), so a copy that
// puts any element in the wrong place is caught.
inline TestTensor pattern_tensor(DType dtype, const Shape& shape, uint32_t seed = 1) {
  const size_t size = dtype_size(dtype);
  TestTensor t{dtype, shape, std::vector<uint8_t>(size * static_cast<size_t>(shape.numel()))};
  for (size_t i = 0; i < static_cast<size_t>(shape.numel()); ++i) {
    for (size_t b = 0; b < size; ++b) {
      t.bytes[i * size + b] = static_cast<uint8_t>((i * 131 + b * 17 + seed * 7) >> (b * 3));
    }
    if (dtype == DType::kBool) t.bytes[i] = static_cast<uint8_t>((i + seed) % 2);
  }
  return t;
}

inline std::vector<int64_t> unravel(int64_t flat, const Shape& shape) {
  std::vector<int64_t> index(shape.rank());
  for (int d = shape.rank() - 1; d >= 0; --d) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return index;
}

inline int64_t ravel(const std::vector<int64_t>& index, const Shape& shape) {
  int64_t flat = 0;
  for (int d = 0; d < shape.rank(); ++d) flat = flat * shape[d] + index[d];
  return flat;
}

// The expected bytes of an output of `out_shape` whose element at multi-index `idx` is the input
// element at multi-index source(idx) (both row-major, element size from the input's dtype).
template <typename Fn>
std::vector<uint8_t> reference_copy(const TestTensor& in, const Shape& out_shape, Fn&& source) {
  const size_t size = dtype_size(in.dtype);
  std::vector<uint8_t> out(size * static_cast<size_t>(out_shape.numel()));
  for (int64_t o = 0; o < out_shape.numel(); ++o) {
    const int64_t i = ravel(source(unravel(o, out_shape)), in.shape);
    std::copy(in.bytes.begin() + i * size, in.bytes.begin() + (i + 1) * size,
              out.begin() + o * size);
  }
  return out;
}

// A 1-D integer tensor (shapes, axes, repeats, indices); built without make_tensor so that an
// empty list passes no null pointer to memcpy.
template <typename T>
TestTensor int_list(const std::vector<T>& values) {
  TestTensor t{dtype_of<T>(), Shape{static_cast<int64_t>(values.size())},
               std::vector<uint8_t>(values.size() * sizeof(T))};
  for (size_t i = 0; i < values.size(); ++i) {
    std::memcpy(t.bytes.data() + i * sizeof(T), &values[i], sizeof(T));
  }
  return t;
}
inline TestTensor i64s(const std::vector<int64_t>& values) { return int_list(values); }
inline TestTensor i32s(const std::vector<int32_t>& values) { return int_list(values); }

// An input whose dtype and shape are known but whose data is not (a non-constant input).
inline TestTensor unknown_data(DType dtype, const Shape& shape) { return {dtype, shape, {}}; }

// Runs prepare + execute with the given inputs; a TestTensor with no bytes passes null data.
inline Status status_with_unknowns(OpType op, const Attributes& attrs,
                                   const std::vector<TestTensor>& inputs, int num_outputs = 1) {
  std::vector<TensorView> views;
  for (const auto& t : inputs) {
    TensorView v = t.view();
    if (t.bytes.empty()) v.data = nullptr;
    views.push_back(v);
  }
  return runtime::evaluate_kernel(op, attrs, Span<const TensorView>(views), num_outputs).status();
}

// Expects `status` to carry `code` and a message containing `fragment`.
inline void expect_error(const Status& status, StatusCode code, const std::string& fragment) {
  EXPECT_EQ(status.code(), code) << status.to_string();
  EXPECT_NE(status.message().find(fragment), std::string::npos)
      << "message '" << status.message() << "' lacks '" << fragment << "'";
}

inline Attributes attrs_of(std::initializer_list<std::pair<std::string, AttrValue>> items) {
  Attributes attrs;
  for (const auto& [name, value] : items) attrs.set(name, value);
  return attrs;
}

}  // namespace edgeq::testing
