// Helpers for the QLinear* kernel tests: random quantized codes, scalar parameter tensors, and the
// reference requantization (the ONNX formula, round half to even, in float like XNNPACK).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

// Uniform random codes over T's whole range.
template <typename T>
std::vector<T> random_codes(int64_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(std::numeric_limits<T>::min(),
                                          std::numeric_limits<T>::max());
  std::vector<T> out(count);
  for (auto& v : out) v = static_cast<T>(dist(rng));
  return out;
}

inline TestTensor scalar_f32(float v) { return make_tensor<float>({}, {v}); }

template <typename T>
TestTensor scalar_code(int v) {
  return make_tensor<T>({}, {static_cast<T>(v)});
}

// round-half-even(v) + zero_point, clamped to [lo, hi].
inline int reference_quantize(double v, int zero_point, int lo, int hi) {
  const double rounded = std::nearbyint(v);
  return static_cast<int>(
      std::clamp(rounded + zero_point, static_cast<double>(lo), static_cast<double>(hi)));
}

// The ONNX requantization of an int32 accumulator with a float multiplier computed in float
// (x_scale * w_scale / y_scale) and applied in float.
inline int reference_requantize(int64_t acc, float multiplier, int zero_point, int lo, int hi) {
  return reference_quantize(static_cast<float>(acc) * multiplier, zero_point, lo, hi);
}

// Counts elements that differ, with the largest difference, for ops whose fixed-point arithmetic
// may round differently from the real-valued reference.
struct Mismatch {
  int64_t count = 0;  // elements that differ
  int64_t total = 0;  // elements compared
  int max_difference = 0;
  void add(int actual, int expected) {
    const int d = std::abs(actual - expected);
    ++total;
    if (d != 0) ++count;
    max_difference = std::max(max_difference, d);
  }
  void merge(const Mismatch& other) {
    count += other.count;
    total += other.total;
    max_difference = std::max(max_difference, other.max_difference);
  }
};

}  // namespace edgeq::testing
