// Random DynamicQuantizeMatMul operands for the portable kernel tests and the XNNPACK delegate
// tests: A f32 [..., K], B int8 or int4 (packed) [K, N] with symmetric scales per tensor, per
// column or per group along K, and an optional bias.
#pragma once

#include <random>
#include <vector>

#include "runtime/core/dtype.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

struct DynamicMatMulCase {
  TestTensor a;
  TestTensor b;      // [K, N]
  TestTensor scale;  // [] per tensor, [N] per column, [ceil(K / block), N] per group
  TestTensor bias;   // [N], or empty
  int64_t block_size = 0;

  int64_t k() const { return b.shape[0]; }
  int64_t n() const { return b.shape[1]; }
  Attributes attrs() const {
    Attributes attrs;
    if (block_size > 0) attrs.set("block_size", block_size);
    return attrs;
  }
  // The op's inputs (no zero point).
  std::vector<TestTensor> inputs() const {
    if (bias.dtype == DType::kUndefined) return {a, b, scale};
    return {a, b, scale, TestTensor{}, bias};
  }
  // B[k, n] as an integer.
  int32_t weight(int64_t k, int64_t n) const {
    const size_t index = static_cast<size_t>(k * this->n() + n);
    if (b.dtype == DType::kI4) return int4_get(b.bytes.data(), index);
    return static_cast<int8_t>(b.bytes[index]);
  }
  float weight_scale(int64_t k, int64_t n) const {
    const std::vector<float> s = scale.values<float>();
    if (block_size > 0) return s[static_cast<size_t>(k / block_size * this->n() + n)];
    return s.size() == 1 ? s[0] : s[static_cast<size_t>(n)];
  }
};

// `per_tensor` only matters when block_size is 0.
inline DynamicMatMulCase make_dynamic_matmul_case(const Shape& a_shape, int64_t n, DType dtype,
                                                  int64_t block_size, bool with_bias, uint32_t seed,
                                                  bool per_tensor = false) {
  DynamicMatMulCase c;
  const int64_t k = a_shape[a_shape.rank() - 1];
  c.block_size = block_size;
  c.a = make_tensor(a_shape, random_floats(a_shape.numel(), seed, -2.f, 3.f));
  std::mt19937 rng(seed + 1);
  const int lo = dtype == DType::kI4 ? -8 : -128;
  const int hi = dtype == DType::kI4 ? 7 : 127;
  std::uniform_int_distribution<int> weight(lo, hi);
  c.b = TestTensor{dtype, Shape{k, n}, std::vector<uint8_t>(dtype_storage_bytes(dtype, k * n))};
  for (int64_t i = 0; i < k * n; ++i) {
    const int8_t w = static_cast<int8_t>(weight(rng));
    if (dtype == DType::kI4) {
      int4_set(c.b.bytes.data(), static_cast<size_t>(i), w);
    } else {
      c.b.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(w);
    }
  }
  Shape scale_shape = per_tensor ? Shape{} : Shape{n};
  if (block_size > 0) scale_shape = Shape{(k + block_size - 1) / block_size, n};
  c.scale = make_tensor(scale_shape, random_floats(scale_shape.numel(), seed + 2, 0.001f, 0.02f));
  if (with_bias) c.bias = make_tensor(Shape{n}, random_floats(n, seed + 3));
  return c;
}

}  // namespace edgeq::testing
