// W8A16 groups (int16 activations, int8 weights, int32 bias) fused into QLinear nodes run by the
// portable int16 kernels, against the float QDQ graph they replace (the quantization simulation).
// The bound is the one the 8-bit fusion states (at most one code apart on at most 3 % of the
// outputs); one int16 code is 1/256 of an int8 code for the same range, so in real units the
// int16 programs agree with the simulation at least 100 times more closely than the int8 ones.
// Measured figures of both are printed.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "ir/passes/qdq_fusion.h"
#include "tests/ir/graph_test_util.h"
#include "tests/ir/qdq_graph_builder.h"

namespace edgeq::ir {
namespace {

using testing::CodeMismatch;
using testing::QdqGraphBuilder;

struct Agreement {
  CodeMismatch codes;
  float step = 1.f;    // the output's quantization step
  size_t qlinear = 0;  // QLinear nodes after fusion
  float max_error() const { return static_cast<float>(codes.max_codes) * step; }
};

// Evaluates the graph, fuses it, evaluates again; compares the output codes.
Agreement fuse_and_measure(QdqGraphBuilder& b) {
  Agreement a;
  a.step = b.output_scale;
  auto before = testing::evaluate_graph(b.graph, b.feeds);
  EXPECT_TRUE(before.ok()) << before.status().to_string();
  QdqFusionStats stats;
  const Status fused = fuse_quantized_ops(b.graph, &stats);
  EXPECT_TRUE(fused.ok()) << fused.to_string();
  a.qlinear = stats.total();
  auto after = testing::evaluate_graph(b.graph, b.feeds);
  EXPECT_TRUE(after.ok()) << after.status().to_string();
  if (!before.ok() || !after.ok()) return a;
  const std::string& name = b.graph.outputs()[0]->name();
  a.codes = testing::compare_codes(after->at(name), before->at(name), b.output_scale);
  return a;
}

// Activation scales for a symmetric range [-range, range] in `dtype`.
float activation_scale(float range, DType dtype) {
  return range / (dtype == DType::kI16 ? 32767.f : 127.f);
}

// x [1, 4, 9, 9] -> Conv 3x3 (8 filters, per-channel weights, bias) -> Relu.
Agreement conv_relu(DType dtype) {
  QdqGraphBuilder b;
  const float x_scale = activation_scale(1.f, dtype);
  Value* x = b.quantize(b.input("x", Shape{1, 4, 9, 9}), x_scale, 0, dtype);
  Value* w = b.weights("w", Shape{8, 4, 3, 3}, 0);
  Value* bias = b.bias("b", Shape{8}, x_scale);
  Attributes pads;
  pads.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  Value* conv = b.node(OpType::kConv, "conv", {x, w, bias}, pads);
  b.output(b.node(OpType::kRelu, "relu", {conv}), activation_scale(4.f, dtype), 0, dtype);
  return fuse_and_measure(b);
}

// x [6, 32] -> MatMul [32, 10] (per-column weights) -> + bias.
Agreement linear(DType dtype) {
  QdqGraphBuilder b;
  const float x_scale = activation_scale(1.f, dtype);
  Value* x = b.quantize(b.input("x", Shape{6, 32}), x_scale, 0, dtype);
  Value* w = b.weights("w", Shape{32, 10}, 1);
  Value* bias = b.bias("b", Shape{10}, x_scale);
  Value* product = b.node(OpType::kMatMul, "matmul", {x, w});
  b.output(b.node(OpType::kAdd, "add", {product, bias}), activation_scale(4.f, dtype), 0, dtype);
  return fuse_and_measure(b);
}

void expect_int16_agreement(const char* what, const Agreement& int16, const Agreement& int8) {
  std::printf(
      "%s vs float QDQ: int16 %lld of %lld outputs differ (max %d code = %.3g), int8 %lld of %lld "
      "(max %d code = %.3g)\n",
      what, static_cast<long long>(int16.codes.differing),
      static_cast<long long>(int16.codes.elements), int16.codes.max_codes, int16.max_error(),
      static_cast<long long>(int8.codes.differing), static_cast<long long>(int8.codes.elements),
      int8.codes.max_codes, int8.max_error());
  EXPECT_EQ(int16.qlinear, 1u) << what << ": the int16 group did not fuse";
  EXPECT_EQ(int8.qlinear, 1u) << what << ": the int8 group did not fuse";
  EXPECT_GT(int16.codes.elements, 0);
  EXPECT_LE(int16.codes.max_codes, 1) << what;
  EXPECT_LE(int16.codes.fraction(), 0.03) << what;
  // At most one int16 step: far inside the int8 bound of one int8 step.
  EXPECT_LE(int16.max_error(), int8.step / 100) << what;
}

TEST(QdqFusionInt16Test, ConvReluFusesAndAgreesWithTheSimulation) {
  expect_int16_agreement("QLinearConv", conv_relu(DType::kI16), conv_relu(DType::kI8));
}

TEST(QdqFusionInt16Test, LinearFusesAndAgreesWithTheSimulation) {
  expect_int16_agreement("QLinearMatMul", linear(DType::kI16), linear(DType::kI8));
}

}  // namespace
}  // namespace edgeq::ir
