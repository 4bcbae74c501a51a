// QDQ fusion (ir/passes/qdq_fusion.h): each pattern becomes its integer op with the expected
// inputs and output range, near misses stay QDQ, and the fused graph's outputs match the QDQ graph
// evaluated in float within one code on a small, measured fraction of elements.
#include "ir/passes/qdq_fusion.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

#include "ir/passes/qdq_fusion_match.h"
#include "ir/shape_inference.h"
#include "tests/ir/graph_test_util.h"
#include "tests/ir/qdq_graph_builder.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::CodeMismatch;
using ::edgeq::testing::QdqGraphBuilder;

struct Fused {
  QdqFusionStats stats;
  CodeMismatch mismatch;
};

std::vector<const Node*> nodes_of(const Graph& graph, OpType op) {
  std::vector<const Node*> found;
  for (const Node* node : graph.nodes()) {
    if (node->op() == op) found.push_back(node);
  }
  return found;
}

// Fuses b.graph, checks the graph outputs keep names and dtypes, and measures the fused output
// against the QDQ graph evaluated in float (on b.feeds), in output codes.
Fused fuse_and_compare(QdqGraphBuilder& b) {
  Fused result;
  auto before = testing::evaluate_graph(b.graph, b.feeds);
  EXPECT_TRUE(before.ok()) << before.status().to_string();
  std::vector<std::pair<std::string, DType>> outputs;
  for (const Value* out : b.graph.outputs()) outputs.emplace_back(out->name(), out->dtype());
  const Status fused = fuse_quantized_ops(b.graph, &result.stats);
  EXPECT_TRUE(fused.ok()) << fused.to_string();
  for (size_t i = 0; i < outputs.size(); ++i) {
    EXPECT_EQ(b.graph.outputs()[i]->name(), outputs[i].first);
    EXPECT_EQ(b.graph.outputs()[i]->dtype(), outputs[i].second);
  }
  const Status reinferred = infer_shapes(b.graph);  // QLinear* shapes come from their kernels
  EXPECT_TRUE(reinferred.ok()) << reinferred.to_string();
  auto after = testing::evaluate_graph(b.graph, b.feeds);
  EXPECT_TRUE(after.ok()) << after.status().to_string();
  if (!before.ok() || !after.ok()) return result;
  const std::string& name = outputs[0].first;
  result.mismatch = testing::compare_codes(after->at(name), before->at(name), b.output_scale);
  return result;
}

// The stated bound for every fused op: at most one code apart from the float QDQ evaluation, on
// at most 3 % of the elements (measured fractions are printed).
void expect_within_one_code(const Fused& fused, const char* what) {
  std::printf("%s: %lld of %lld outputs differ from the float QDQ graph (%.3f %%), max %d code\n",
              what, static_cast<long long>(fused.mismatch.differing),
              static_cast<long long>(fused.mismatch.elements), 100.0 * fused.mismatch.fraction(),
              fused.mismatch.max_codes);
  EXPECT_GT(fused.mismatch.elements, 0);
  EXPECT_LE(fused.mismatch.max_codes, 1) << what;
  EXPECT_LE(fused.mismatch.fraction(), 0.03) << what;
}

int64_t int_attr(const Node* node, const char* name) {
  Result<int64_t> value = node->attrs().require_int(name);
  EXPECT_TRUE(value.ok()) << node->description() << " has no " << name;
  return value.ok() ? *value : std::numeric_limits<int64_t>::min();
}

Attributes conv_pads(int64_t pad) {
  Attributes attrs;
  attrs.set("pads", std::vector<int64_t>{pad, pad, pad, pad});
  return attrs;
}

// x [2, 8, 16, 16] -> Conv(per-channel weights, int32 bias) -> [activation] -> y.
void build_conv(QdqGraphBuilder& b, OpType activation, bool per_channel = true) {
  Value* x = b.quantize(b.input("x", Shape{2, 8, 16, 16}), 2.f / 255, -1);
  Value* w = b.weights("w", Shape{16, 8, 3, 3}, per_channel ? 0 : -1);
  Value* bias = b.bias("b", Shape{16}, 2.f / 255);
  Value* y = b.node(OpType::kConv, "conv", {x, w, bias}, conv_pads(1));
  if (activation == OpType::kRelu) y = b.node(OpType::kRelu, "relu", {y});
  if (activation == OpType::kClip) {
    y = b.node(OpType::kClip, "clip",
               {y, b.float_constant("lo", Shape(), {0.f}), b.float_constant("hi", Shape(), {1.f})});
  }
  b.output(y, 0.03f, -20);
}

TEST(QdqFusionTest, ConvWithPerChannelWeightsBiasAndRelu) {
  QdqGraphBuilder b;
  build_conv(b, OpType::kRelu);
  const Fused fused = fuse_and_compare(b);
  EXPECT_EQ(fused.stats.fused.at(OpType::kQLinearConv), 1u);
  EXPECT_EQ(fused.stats.total(), 1u);
  const auto convs = nodes_of(b.graph, OpType::kQLinearConv);
  ASSERT_EQ(convs.size(), 1u);
  const Node* conv = convs[0];
  EXPECT_EQ(conv->name(), "conv");
  EXPECT_EQ(conv->num_inputs(), 9);
  EXPECT_EQ(conv->input(0)->name(), "x_quantized");
  EXPECT_EQ(conv->input(3)->name(), "w_quantized");
  EXPECT_EQ(conv->input(8)->name(), "b_quantized");
  EXPECT_EQ(conv->output(0)->name(), "relu_quantized");
  EXPECT_EQ(int_attr(conv, "output_min"), -20);  // Relu: the zero point
  EXPECT_EQ(int_attr(conv, "output_max"), 127);
  // Left: the input's Q, the fused conv and the output's DQ (the group boundaries).
  EXPECT_EQ(b.graph.num_nodes(), 3u);
  EXPECT_EQ(b.graph.find_value("w"), nullptr);
  EXPECT_EQ(b.graph.find_value("b_scale"), nullptr);
  expect_within_one_code(fused, "QLinearConv per-channel + bias + Relu");
}

TEST(QdqFusionTest, ConvWithPerTensorWeightsAndClip) {
  QdqGraphBuilder b;
  build_conv(b, OpType::kClip, /*per_channel=*/false);
  const Fused fused = fuse_and_compare(b);
  const auto convs = nodes_of(b.graph, OpType::kQLinearConv);
  ASSERT_EQ(convs.size(), 1u);
  EXPECT_EQ(convs[0]->input(4)->shape().numel(), 1);
  EXPECT_EQ(int_attr(convs[0], "output_min"), -20);
  EXPECT_EQ(int_attr(convs[0], "output_max"), 13);  // lrintf(1 / 0.03 - 20)
  expect_within_one_code(fused, "QLinearConv per-tensor + Clip(0, 1)");
}

TEST(QdqFusionTest, DepthwiseConvOnUint8) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{2, 16, 15, 15}), 2.f / 255, 128, DType::kU8);
  Value* w = b.weights("w", Shape{16, 1, 3, 3}, 0);
  Attributes attrs = conv_pads(1);
  attrs.set("group", int64_t{16});
  attrs.set("strides", std::vector<int64_t>{2, 2});
  b.output(b.node(OpType::kConv, "dw", {x, w}, attrs), 0.01f, 120, DType::kU8);
  const Fused fused = fuse_and_compare(b);
  ASSERT_EQ(nodes_of(b.graph, OpType::kQLinearConv).size(), 1u);
  expect_within_one_code(fused, "QLinearConv depthwise uint8");
}

TEST(QdqFusionTest, GemmWithTransposedWeightsBiasAndRelu) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{16, 64}), 2.f / 255, 0);
  Value* w = b.weights("w", Shape{32, 64}, 0);
  Value* bias = b.bias("b", Shape{32}, 2.f / 255);
  Attributes attrs;
  attrs.set("transB", int64_t{1});
  Value* y = b.node(OpType::kGemm, "fc", {x, w, bias}, attrs);
  b.output(b.node(OpType::kRelu, "relu", {y}), 0.02f, -128);
  const Fused fused = fuse_and_compare(b);
  const auto matmuls = nodes_of(b.graph, OpType::kQLinearMatMul);
  ASSERT_EQ(matmuls.size(), 1u);
  EXPECT_EQ(matmuls[0]->name(), "fc");
  EXPECT_EQ(matmuls[0]->input(3)->shape(), (Shape{64, 32}));  // stored as [K, N]
  EXPECT_EQ(matmuls[0]->input(8)->name(), "b_quantized");
  EXPECT_EQ(int_attr(matmuls[0], "output_min"), -128);
  expect_within_one_code(fused, "QLinearMatMul from Gemm transB + bias + Relu");
}

TEST(QdqFusionTest, MatMulWithBiasAddOnRank3Input) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{2, 12, 64}), 2.f / 255, 5);
  Value* w = b.weights("w", Shape{64, 24}, 1);
  Value* bias = b.bias("b", Shape{24}, 2.f / 255);
  Value* product = b.node(OpType::kMatMul, "matmul", {x, w});
  b.output(b.node(OpType::kAdd, "bias_add", {product, bias}), 0.03f, 3);
  const Fused fused = fuse_and_compare(b);
  const auto matmuls = nodes_of(b.graph, OpType::kQLinearMatMul);
  ASSERT_EQ(matmuls.size(), 1u);
  EXPECT_EQ(matmuls[0]->name(), "bias_add");
  EXPECT_EQ(matmuls[0]->num_inputs(), 9);
  EXPECT_TRUE(nodes_of(b.graph, OpType::kMatMul).empty());
  EXPECT_TRUE(nodes_of(b.graph, OpType::kQLinearAdd).empty());
  expect_within_one_code(fused, "QLinearMatMul from MatMul + bias Add");
}

TEST(QdqFusionTest, MatMulWithPerTensorWeights) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{20, 32}), 2.f / 255, 0);
  Value* w = b.weights("w", Shape{32, 16}, -1);
  b.output(b.node(OpType::kMatMul, "matmul", {x, w}), 0.03f, 0);
  const Fused fused = fuse_and_compare(b);
  ASSERT_EQ(nodes_of(b.graph, OpType::kQLinearMatMul).size(), 1u);
  expect_within_one_code(fused, "QLinearMatMul per-tensor");
}

TEST(QdqFusionTest, AddWithReluAndBroadcastMul) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{2, 8, 16, 16}), 2.f / 255, 0);
  Value* y = b.quantize(b.input("y", Shape{2, 8, 16, 16}, -2.f, 2.f), 4.f / 255, -3);
  Value* sum = b.node(OpType::kRelu, "relu", {b.node(OpType::kAdd, "add", {x, y})});
  Value* s = b.quantize(sum, 3.f / 255, -128);
  Value* c = b.quantize(b.input("c", Shape{1, 8, 1, 1}), 2.f / 255, 0);
  b.output(b.node(OpType::kMul, "mul", {s, c}), 3.f / 255, 0);
  const Fused fused = fuse_and_compare(b);
  const auto adds = nodes_of(b.graph, OpType::kQLinearAdd);
  ASSERT_EQ(adds.size(), 1u);
  EXPECT_EQ(int_attr(adds[0], "output_min"), -128);
  ASSERT_EQ(nodes_of(b.graph, OpType::kQLinearMul).size(), 1u);
  // The DequantizeLinear between the two groups is gone: the Mul reads the Add's int8 output.
  EXPECT_EQ(b.graph.find_value("relu_dequantized"), nullptr);
  expect_within_one_code(fused, "QLinearAdd + Relu -> QLinearMul (broadcast)");
}

// x -> op -> y, each op measured on its own (a one-code difference would grow in a chain).
Fused fuse_single_op(OpType op, const Attributes& attrs, const Shape& shape, float x_range,
                     float y_scale, int32_t y_zero_point, OpType expected) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", shape, -x_range, x_range), 2 * x_range / 255, 0);
  b.output(b.node(op, "op", {x}, attrs), y_scale, y_zero_point);
  Fused fused = fuse_and_compare(b);
  EXPECT_EQ(nodes_of(b.graph, expected).size(), 1u) << op_name(expected);
  EXPECT_EQ(fused.stats.total(), 1u);
  return fused;
}

TEST(QdqFusionTest, Pools) {
  Attributes window;
  window.set("kernel_shape", std::vector<int64_t>{3, 3});
  window.set("strides", std::vector<int64_t>{2, 2});
  window.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  const Shape shape{4, 16, 12, 12};
  expect_within_one_code(fuse_single_op(OpType::kAveragePool, window, shape, 1.f, 1.f / 255, 0,
                                        OpType::kQLinearAveragePool),
                         "QLinearAveragePool 3x3/2");
  expect_within_one_code(fuse_single_op(OpType::kGlobalAveragePool, {}, Shape{8, 64, 7, 7}, 1.f,
                                        0.2f / 255, 1, OpType::kQLinearGlobalAveragePool),
                         "QLinearGlobalAveragePool");
  Attributes axes;
  axes.set("axes", std::vector<int64_t>{-1, -2});
  expect_within_one_code(fuse_single_op(OpType::kReduceMean, axes, Shape{8, 64, 7, 7}, 1.f,
                                        0.2f / 255, 1, OpType::kQLinearGlobalAveragePool),
                         "QLinearGlobalAveragePool from ReduceMean over H, W");
}

TEST(QdqFusionTest, SigmoidAndLeakyRelu) {
  Attributes alpha;
  alpha.set("alpha", 0.2f);
  const Fused leaky = fuse_single_op(OpType::kLeakyRelu, alpha, Shape{16, 256}, 6.f, 8.f / 255, -60,
                                     OpType::kQLinearLeakyRelu);
  expect_within_one_code(leaky, "QLinearLeakyRelu");
  expect_within_one_code(fuse_single_op(OpType::kSigmoid, {}, Shape{16, 256}, 6.f, 1.f / 256, -128,
                                        OpType::kQLinearSigmoid),
                         "QLinearSigmoid");
}

// Chained groups: every DequantizeLinear between two fused ops goes, attributes carry over.
TEST(QdqFusionTest, ChainedGroupsReadEachOthersIntegerOutputs) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{2, 8, 6, 6}, -6.f, 6.f), 12.f / 255, 0);
  Attributes alpha;
  alpha.set("alpha", 0.2f);
  Value* leaky = b.quantize(b.node(OpType::kLeakyRelu, "leaky", {x}, alpha), 8.f / 255, -60);
  Value* pooled = b.quantize(b.node(OpType::kGlobalAveragePool, "gap", {leaky}), 4.f / 255, 0);
  b.output(b.node(OpType::kSigmoid, "sigmoid", {pooled}), 1.f / 256, -128);
  const Fused fused = fuse_and_compare(b);
  EXPECT_EQ(fused.stats.total(), 3u);
  const auto leakies = nodes_of(b.graph, OpType::kQLinearLeakyRelu);
  ASSERT_EQ(leakies.size(), 1u);
  EXPECT_FLOAT_EQ(*leakies[0]->attrs().get_float("alpha", 0.f), 0.2f);
  EXPECT_EQ(nodes_of(b.graph, OpType::kDequantizeLinear).size(), 1u);  // the graph output's
  EXPECT_EQ(nodes_of(b.graph, OpType::kQLinearSigmoid)[0]->input(0)->name(), "gap_quantized");
}

// DQ -> op -> Q with the same parameters: the op runs on the int8 tensor, bit-exactly.
TEST(QdqFusionTest, PassThroughOpsRunOnTheIntegerTensor) {
  QdqGraphBuilder b;
  const float scale = 2.f / 255;
  Value* x = b.quantize(b.input("x", Shape{1, 8, 6, 6}), scale, -3);
  Attributes pool;
  pool.set("kernel_shape", std::vector<int64_t>{2, 2});
  pool.set("strides", std::vector<int64_t>{2, 2});
  Value* v = b.quantize(b.node(OpType::kMaxPool, "maxpool", {x}, pool), scale, -3);
  Attributes block;
  block.set("blocksize", int64_t{2});
  v = b.quantize(b.node(OpType::kDepthToSpace, "d2s", {v}, block), scale, -3);
  const std::vector<int64_t> pad_amounts = {0, 0, 1, 1, 0, 0, 1, 2};
  Value* pads = testing::add_constant(b.graph, "pads", Shape{8}, pad_amounts);
  v = b.quantize(b.node(OpType::kPad, "pad", {v, pads}), scale, -3);
  Value* half = b.float_constant("half", Shape(), {0.5f});
  v = b.quantize(b.node(OpType::kPad, "pad_half", {v, pads, half}), scale, -3);
  Attributes perm;
  perm.set("perm", std::vector<int64_t>{0, 2, 3, 1});
  v = b.quantize(b.node(OpType::kTranspose, "transpose", {v}, perm), scale, -3);
  b.output(b.node(OpType::kFlatten, "flatten", {v}), scale, -3);
  const Fused fused = fuse_and_compare(b);
  EXPECT_EQ(fused.stats.total(), 6u);
  EXPECT_TRUE(nodes_of(b.graph, OpType::kDequantizeLinear).size() == 1u);
  for (const Node* pad : nodes_of(b.graph, OpType::kPad)) {
    ASSERT_EQ(pad->input(0)->dtype(), DType::kI8);
    const int8_t fill = *pad->input(2)->constant()->data_as<int8_t>();
    EXPECT_EQ(fill, pad->name() == "pad" ? -3 : -3 + 64) << pad->name();  // 0.5 / (2/255) = 63.75
  }
  EXPECT_EQ(fused.mismatch.differing, 0);
}

// Near misses: one piece differs from what the integer op needs, so nothing fuses.
void expect_unfused(QdqGraphBuilder& b) {
  const size_t nodes = b.graph.num_nodes();
  const Fused fused = fuse_and_compare(b);
  EXPECT_EQ(fused.stats.total(), 0u);
  EXPECT_EQ(b.graph.num_nodes(), nodes);
  EXPECT_EQ(fused.mismatch.differing, 0);
}

TEST(QdqFusionTest, ConvWithFloatBiasStaysQdq) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{1, 3, 5, 5}), 2.f / 255, 0);
  Value* w = b.weights("w", Shape{2, 3, 3, 3}, 0);
  Value* bias = b.float_constant("b", Shape{2}, {0.1f, -0.2f});
  b.output(b.node(OpType::kConv, "conv", {x, w, bias}), 0.02f, 0);
  expect_unfused(b);
}

TEST(QdqFusionTest, BiasWithAnotherScaleStaysQdq) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{1, 3, 5, 5}), 2.f / 255, 0);
  Value* w = b.weights("w", Shape{2, 3, 3, 3}, 0);
  Value* bias = b.bias("b", Shape{2}, 1.f / 255);  // not x's scale
  b.output(b.node(OpType::kConv, "conv", {x, w, bias}), 0.02f, 0);
  expect_unfused(b);
}

TEST(QdqFusionTest, OpOutputReadElsewhereStaysQdq) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{1, 3, 5, 5}), 2.f / 255, 0);
  Value* y = b.node(OpType::kConv, "conv", {x, b.weights("w", Shape{2, 3, 3, 3}, 0)});
  b.graph.add_output(y);  // the float conv output is itself a graph output
  b.output(y, 0.02f, 0);
  expect_unfused(b);
}

TEST(QdqFusionTest, GemmWithAlphaStaysQdq) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{2, 8}), 2.f / 255, 0);
  Attributes attrs;
  attrs.set("alpha", 2.0f);
  b.output(b.node(OpType::kGemm, "fc", {x, b.weights("w", Shape{8, 4}, 1)}, attrs), 0.05f, 0);
  expect_unfused(b);
}

TEST(QdqFusionTest, PassThroughWithDifferentParametersStaysQdq) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{1, 2, 4, 4}), 2.f / 255, 0);
  b.output(b.node(OpType::kFlatten, "flatten", {x}), 2.f / 255, 1);  // other zero point
  expect_unfused(b);
}

TEST(QdqFusionTest, ClipWithComputedBoundStaysQdq) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{1, 3, 5, 5}), 2.f / 255, 0);
  Value* y = b.node(OpType::kConv, "conv", {x, b.weights("w", Shape{2, 3, 3, 3}, 0)});
  Value* hi = b.input("hi", Shape(), 0.5f, 1.f);
  b.output(b.node(OpType::kClip, "clip", {y, b.float_constant("lo", Shape(), {0.f}), hi}), 0.02f,
           0);
  expect_unfused(b);
}

// int16 (W8A16) groups fuse too; tests/ir/qdq_fusion_int16_test.cc measures conv and linear.
// (An output scale of exactly twice the inputs' would put half the sums on ties, which the
// fixed-point add rounds up and QuantizeLinear to even.)
TEST(QdqFusionTest, Int16ActivationsFuse) {
  EXPECT_TRUE(fusible_activation_dtype(DType::kI16));
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{4, 16}), 2.f / 65535, 0, DType::kI16);
  Value* y = b.quantize(b.input("y", Shape{4, 16}), 2.f / 65535, 0, DType::kI16);
  b.output(b.node(OpType::kAdd, "add", {x, y}), 4.3f / 65535, 0, DType::kI16);
  const Fused fused = fuse_and_compare(b);
  EXPECT_EQ(fused.stats.fused.at(OpType::kQLinearAdd), 1u);
  expect_within_one_code(fused, "QLinearAdd int16");
}

// A dequantized input read by a fused op and a float op: the DequantizeLinear stays for the float
// op, the fused op reads the int8 tensor.
TEST(QdqFusionTest, SharedDequantizeStaysForFloatReaders) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{1, 3, 5, 5}), 2.f / 255, 0);
  b.output(b.node(OpType::kConv, "conv", {x, b.weights("w", Shape{2, 3, 3, 3}, 0)}), 0.02f, 0);
  Value* side = b.node(OpType::kSoftmax, "softmax", {x});
  b.graph.add_output(side);
  ASSERT_TRUE(infer_shapes(b.graph).ok());
  const Fused fused = fuse_and_compare(b);
  EXPECT_EQ(fused.stats.total(), 1u);
  ASSERT_NE(b.graph.find_value("x_dequantized"), nullptr);
  EXPECT_EQ(b.graph.find_value("x_dequantized")->consumers().size(), 1u);
  expect_within_one_code(fused, "QLinearConv beside a float reader");
}

// The fused range is XNNPACK's: lrintf(clamp(bound / scale + zero_point)), half to even.
TEST(QdqFusionTest, OutputBoundsRoundLikeXnnpack) {
  using qdq_fusion::quantize_output_bound;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(quantize_output_bound(0.f, 0.1f, 200, DType::kU8), 200);
  EXPECT_EQ(quantize_output_bound(kInf, 0.1f, 0, DType::kI8), 127);
  EXPECT_EQ(quantize_output_bound(-kInf, 0.1f, 0, DType::kU8), 0);
  EXPECT_EQ(quantize_output_bound(6.f, 0.05f, 100, DType::kI8), 127);
  EXPECT_EQ(quantize_output_bound(0.25f, 0.5f, 0, DType::kI8), 0);  // 0.5 -> 0 (even)
  EXPECT_EQ(quantize_output_bound(0.75f, 0.5f, 0, DType::kI8), 2);  // 1.5 -> 2 (even)
  EXPECT_EQ(quantize_output_bound(-1.f, 0.5f, -127, DType::kI8), -128);
}

}  // namespace
}  // namespace edgeq::ir
