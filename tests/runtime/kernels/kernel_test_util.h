// Helpers for kernel tests: owned test tensors, running one kernel, comparing with tolerances.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "runtime/kernels/kernel.h"

namespace edgeq::testing {

// A tensor that owns its bytes; view() lends it to kernels.
struct TestTensor {
  DType dtype = DType::kUndefined;
  Shape shape;
  std::vector<uint8_t> bytes;

  TensorView view() const { return TensorView(dtype, shape, static_cast<const void*>(bytes.data())); }
  template <typename T>
  std::vector<T> values() const {
    std::vector<T> out(bytes.size() / sizeof(T));
    if (!out.empty()) std::memcpy(out.data(), bytes.data(), out.size() * sizeof(T));
    return out;
  }
};

template <typename T>
TestTensor make_tensor(Shape shape, const std::vector<T>& values) {
  EXPECT_EQ(static_cast<int64_t>(values.size()), shape.numel()) << "test data size vs shape";
  TestTensor t{dtype_of<T>(), shape, std::vector<uint8_t>(values.size() * sizeof(T))};
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

// Uniform random floats in [lo, hi) from a fixed seed.
inline std::vector<float> random_floats(int64_t count, uint32_t seed, float lo = -1.f,
                                        float hi = 1.f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> out(count);
  for (auto& v : out) v = dist(rng);
  return out;
}

// Runs `op` through prepare + execute on `inputs`; fails the test on an error status.
inline std::vector<TestTensor> run_kernel(OpType op, const Attributes& attrs,
                                          const std::vector<TestTensor>& inputs,
                                          int num_outputs = 1) {
  std::vector<TensorView> views;
  for (const auto& t : inputs) views.push_back(t.view());
  auto result = runtime::evaluate_kernel(op, attrs, Span<const TensorView>(views), num_outputs);
  EXPECT_TRUE(result.ok()) << op_name(op) << ": " << result.status().to_string();
  std::vector<TestTensor> outputs;
  if (!result.ok()) return outputs;
  for (const auto& out : result.value()) {
    const auto* p = static_cast<const uint8_t*>(out.view.data);
    outputs.push_back({out.view.dtype, out.view.shape,
                       std::vector<uint8_t>(p, p + out.view.nbytes())});
  }
  return outputs;
}

// The status of prepare + execute (for tests of rejected input).
inline Status kernel_status(OpType op, const Attributes& attrs,
                            const std::vector<TestTensor>& inputs, int num_outputs = 1) {
  std::vector<TensorView> views;
  for (const auto& t : inputs) views.push_back(t.view());
  return runtime::evaluate_kernel(op, attrs, Span<const TensorView>(views), num_outputs).status();
}

// Expects |actual - expected| <= atol + rtol * |expected| elementwise.
inline void expect_near(const std::vector<float>& actual, const std::vector<float>& expected,
                        float rtol = 1e-5f, float atol = 1e-6f) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    ASSERT_LE(std::fabs(actual[i] - expected[i]), atol + rtol * std::fabs(expected[i]))
        << "at element " << i << ": " << actual[i] << " vs " << expected[i];
  }
}

}  // namespace edgeq::testing
