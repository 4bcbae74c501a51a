// Helpers for the elementwise kernel tests beyond kernel_test_util.h: bool tensors (std::vector
// <bool> has no contiguous storage), empty tensors, and random values of any numeric type.
#pragma once

#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

// A DType::kBool tensor from 0/1 bytes.
inline TestTensor make_bool_tensor(Shape shape, const std::vector<uint8_t>& values) {
  EXPECT_EQ(static_cast<int64_t>(values.size()), shape.numel()) << "test data size vs shape";
  return TestTensor{DType::kBool, shape, values};
}

// make_tensor that also takes an empty tensor (make_tensor would pass memcpy a null pointer).
template <typename T>
TestTensor make_tensor_or_empty(Shape shape, const std::vector<T>& values) {
  if (!values.empty()) return make_tensor(shape, values);
  EXPECT_EQ(shape.numel(), 0) << "test data size vs shape";
  return TestTensor{dtype_of<T>(), shape, {}};
}

// Uniform random values in [lo, hi) converted to T (integers truncate toward zero).
template <typename T>
std::vector<T> random_values(int64_t count, uint32_t seed, float lo = -50.f, float hi = 50.f) {
  std::vector<float> f = random_floats(count, seed, lo, hi);
  return std::vector<T>(f.begin(), f.end());
}

}  // namespace edgeq::testing
