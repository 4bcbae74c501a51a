// Helpers for the quantized XNNPACK delegate tests: a graph under construction with int8/uint8
// inputs and QLinear* parameter constants, the byte-for-byte comparison of the delegate with the
// portable QLinear* kernels, and graphs lowered through the partitioner into runnable programs.
#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "delegate/xnnpack/runtime/conv_node.h"
#include "runtime/program/program.h"
#include "tests/delegate/delegate_test_util.h"
#include "tests/runtime/kernels/qlinear_test_util.h"

namespace edgeq::testing {

class QuantizedCase : public DelegateCase {
 public:
  explicit QuantizedCase(uint32_t seed = 1) : rng(seed), seed_(seed * 1000) {}

  // A graph input of int8/uint8 with uniform random codes.
  ir::Value* codes_input(Shape shape, DType dtype = DType::kI8);
  // A constant of random codes (weights).
  ir::Value* codes_constant(Shape shape, DType dtype = DType::kI8);
  ir::Value* codes_constant(Shape shape, DType dtype, const std::vector<int>& codes);
  // Scale (f32) and zero point (int8/uint8) constants: a scalar, or [n] for several.
  ir::Value* scale(float value);
  ir::Value* scales(const std::vector<float>& values);
  ir::Value* zero_point(int value, DType dtype = DType::kI8);
  // A constant int32 [n] (a QLinearConv / QLinearMatMul bias) with values in [-bound, bound].
  ir::Value* random_bias(int64_t n, int bound = 20000);

  // Random parameters.
  float random_scale(float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(rng);
  }
  int random_int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

  std::mt19937 rng;

 private:
  uint32_t seed_;
};

// Every node supported by the XNNPACK lowering (the test fails with the refusal otherwise).
void expect_all_supported(const ir::Graph& graph);

// The graph as one XNNPACK partition (on 1 and on 3 threads) vs the portable kernels: every output
// byte for byte.
void expect_delegate_bit_exact(QuantizedCase& c);

// The same comparison counting the int8/uint8 output codes that differ (and by how much), for ops
// whose XNNPACK arithmetic is not bit-exact with the portable kernel.
Mismatch delegate_mismatch(QuantizedCase& c);

// The support check's refusal for `node` (empty when supported).
std::string refusal(const ir::Graph& graph, const ir::Node& node);
// The same for the graph's last node, after shape inference.
std::string last_node_refusal(QuantizedCase& c);

// `graph` partitioned for XNNPACK (or left portable) and loaded as a program.
std::shared_ptr<const runtime::Program> delegated_program(const ir::Graph& graph);
std::shared_ptr<const runtime::Program> portable_program(const ir::Graph& graph);
// The program's delegate calls.
size_t count_delegate_calls(const runtime::Program& program);
// Runs the program on `feeds`; its outputs.
std::vector<TestTensor> run_program(std::shared_ptr<const runtime::Program> program,
                                    const std::vector<TestTensor>& feeds);

// Forces the delegate's own-kernel instruction set and convolution engine for delegates
// initialised in its scope; restores the automatic choice when it ends.
struct ForcedKernels {
  ForcedKernels(xnnpack::LinearIsa isa, xnnpack::ConvEngine engine);
  ~ForcedKernels();
};

// The engine each convolution of `graph`, lowered as one partition, gets under the current settings.
std::vector<xnnpack::ConvEngine> conv_engines(const ir::Graph& graph);

// Expects identical bytes; the message names the first differing element.
void expect_same_codes(const TestTensor& actual, const TestTensor& expected);

}  // namespace edgeq::testing
