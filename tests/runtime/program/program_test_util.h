// Helpers for program, executor and backend tests: small programs built with ProgramBuilder.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "runtime/program/program.h"
#include "runtime/program/program_builder.h"

#define EDGEQ_EXPECT_OK(expr)                                               \
  do {                                                                      \
    const ::edgeq::Status edgeq_test_status_ = (expr);                      \
    EXPECT_TRUE(edgeq_test_status_.ok()) << edgeq_test_status_.to_string(); \
  } while (0)

#define EDGEQ_ASSERT_OK(expr)                                               \
  do {                                                                      \
    const ::edgeq::Status edgeq_test_status_ = (expr);                      \
    ASSERT_TRUE(edgeq_test_status_.ok()) << edgeq_test_status_.to_string(); \
  } while (0)

namespace edgeq::testing {

inline Span<const uint8_t> float_bytes(const std::vector<float>& values) {
  return Span<const uint8_t>(reinterpret_cast<const uint8_t*>(values.data()),
                             values.size() * sizeof(float));
}

inline std::vector<float> view_floats(const TensorView& view) {
  std::vector<float> out(static_cast<size_t>(view.numel()));
  if (!out.empty()) std::memcpy(out.data(), view.data, out.size() * sizeof(float));
  return out;
}

// `count` floats uniform in [-2, 2) from a fixed seed.
inline std::vector<float> random_samples(size_t count, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-2.f, 2.f);
  std::vector<float> out(count);
  for (float& v : out) v = dist(rng);
  return out;
}

// The bias of the add-relu program.
inline std::vector<float> add_relu_bias() { return {0.5f, -1.0f, 2.0f, -0.25f}; }

// x: f32[batch, 4] (dimension 0 symbolic when asked), bias: constant f32[1, 4];
// y = Relu(Add(x, bias)). Outputs: y.
inline std::vector<uint8_t> build_add_relu_program(bool symbolic_batch, int64_t batch = 1) {
  runtime::ProgramBuilder builder;
  const int32_t x = builder.add_value("x", DType::kF32, Shape{batch, 4}, symbolic_batch);
  const int32_t bias = builder.add_value("bias", DType::kF32, Shape{1, 4});
  const int32_t sum = builder.add_value("sum", DType::kF32, Shape{batch, 4});
  const int32_t y = builder.add_value("y", DType::kF32, Shape{batch, 4});
  const std::vector<float> bias_values = add_relu_bias();
  EXPECT_TRUE(builder.add_constant(bias, float_bytes(bias_values)).ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kAdd, {}, {x, bias}, {sum}, "add").ok());
  EXPECT_TRUE(builder.add_kernel_call(OpType::kRelu, {}, {sum}, {y}, "relu").ok());
  builder.set_inputs({x});
  builder.set_outputs({y});
  auto bytes = builder.finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? std::move(bytes).value() : std::vector<uint8_t>();
}

inline std::shared_ptr<const runtime::Program> load_program(const std::vector<uint8_t>& bytes) {
  auto program = runtime::Program::load_buffer(Span<const uint8_t>(bytes), "test.eqp");
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  return program.ok() ? program.value() : nullptr;
}

}  // namespace edgeq::testing
