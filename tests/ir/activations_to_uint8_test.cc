// int8 -> uint8 activations (ir/passes/activations_to_uint8.h): a QDQ network and the same network
// fused into QLinear* ops compute bit-identical outputs before and after the conversion (on inputs
// that saturate the first quantizer), activation zero points and fused output ranges move by 128,
// weights stay int8 and biases int32; int16 graphs are left alone and what cannot be converted is
// an error naming the value or node.
#include "ir/passes/activations_to_uint8.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ir/passes/qdq_fusion.h"
#include "tests/ir/graph_test_util.h"
#include "tests/ir/qdq_graph_builder.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::QdqGraphBuilder;

Attributes window(int64_t size) {
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{size, size});
  attrs.set("strides", std::vector<int64_t>{2, 2});
  return attrs;
}

// x [1, 8, 12, 12] (range +-3, quantized with step 4/255: saturates) -> Conv + Relu -> Pad ->
// Pad(0.5) -> MaxPool, + AveragePool(x) -> Add -> Mul(c) -> LeakyRelu -> GlobalAveragePool ->
// Sigmoid -> Flatten -> Gemm -> y. Every op between quantizers, so fusion leaves one int8 op each.
void build_network(QdqGraphBuilder& b) {
  Value* x = b.quantize(b.input("x", Shape{1, 8, 12, 12}, -3.f, 3.f), 4.f / 255, -1);
  Value* w = b.weights("w", Shape{8, 8, 3, 3}, 0);
  Value* bias = b.bias("b", Shape{8}, 4.f / 255);
  Value* conv = b.node(OpType::kRelu, "relu", {b.node(OpType::kConv, "conv", {x, w, bias})});
  const float step = 0.05f;
  Value* v = b.quantize(conv, step, -128);  // [1, 8, 10, 10]
  Value* pads = testing::add_constant(b.graph, "pads", Shape{8},
                                      std::vector<int64_t>{0, 0, 1, 1, 0, 0, 0, 0});
  v = b.quantize(b.node(OpType::kPad, "pad", {v, pads}), step, -128);
  Value* half = b.float_constant("half", Shape(), {0.5f});
  Value* pads_after = testing::add_constant(b.graph, "pads_after", Shape{8},
                                            std::vector<int64_t>{0, 0, 0, 0, 0, 0, 1, 1});
  v = b.quantize(b.node(OpType::kPad, "pad_half", {v, pads_after, half}), step, -128);
  v = b.quantize(b.node(OpType::kMaxPool, "maxpool", {v}, window(2)), step, -128);  // 6x6
  Value* avg = b.quantize(b.node(OpType::kAveragePool, "avgpool", {x}, window(2)), 3.f / 255, 5);
  Value* sum = b.quantize(b.node(OpType::kAdd, "add", {v, avg}), 0.06f, 10);
  Value* c = b.quantize(b.input("c", Shape{1, 8, 1, 1}), 2.f / 255, 0);
  Value* product = b.quantize(b.node(OpType::kMul, "mul", {sum, c}), 0.03f, -7);
  Attributes alpha;
  alpha.set("alpha", 0.2f);
  Value* leaky = b.quantize(b.node(OpType::kLeakyRelu, "leaky", {product}, alpha), 0.03f, -60);
  Value* pooled = b.quantize(b.node(OpType::kGlobalAveragePool, "gap", {leaky}), 0.02f, 0);
  Value* sigmoid = b.quantize(b.node(OpType::kSigmoid, "sigmoid", {pooled}), 1.f / 256, -128);
  Value* flat = b.quantize(b.node(OpType::kFlatten, "flatten", {sigmoid}), 1.f / 256, -128);
  Value* fc_w = b.weights("fc_w", Shape{4, 8}, 0);
  Value* fc_b = b.bias("fc_b", Shape{4}, 1.f / 256);
  Attributes trans_b;
  trans_b.set("transB", int64_t{1});
  b.output(b.node(OpType::kGemm, "fc", {flat, fc_w, fc_b}, trans_b), 0.02f, 3);
}

// The int8 zero point (input 2) of every QuantizeLinear, by node name.
std::map<std::string, int> quantize_zero_points(const Graph& graph) {
  std::map<std::string, int> zero_points;
  for (const Node* node : graph.nodes()) {
    if (node->op() != OpType::kQuantizeLinear) continue;
    zero_points[node->name()] = testing::constant_values<int8_t>(node->input(2)).at(0);
  }
  return zero_points;
}

// Converts b.graph and checks that its outputs are bit-identical, that no int8 activation is
// left, that weights stay int8 and that every QuantizeLinear's zero point moved by 128.
void convert_and_expect_identical(QdqGraphBuilder& b) {
  auto before = testing::evaluate_graph(b.graph, b.feeds);
  ASSERT_TRUE(before.ok()) << before.status().to_string();
  const std::map<std::string, int> zero_points = quantize_zero_points(b.graph);
  ASSERT_FALSE(zero_points.empty());

  const Status converted = convert_activations_to_uint8(b.graph);
  ASSERT_TRUE(converted.ok()) << converted.to_string();

  auto after = testing::evaluate_graph(b.graph, b.feeds);
  ASSERT_TRUE(after.ok()) << after.status().to_string();
  EXPECT_EQ(*after, *before);
  for (const Value* value : b.graph.values()) {
    if (!value->is_constant()) {
      EXPECT_NE(value->dtype(), DType::kI8) << value->name();
    }
  }
  for (const Node* node : b.graph.nodes()) {
    const bool weighted =
        node->op() == OpType::kQLinearConv || node->op() == OpType::kQLinearMatMul ||
        (node->op() == OpType::kDequantizeLinear && node->input(0)->is_constant());
    if (weighted) {
      const int weight = node->op() == OpType::kDequantizeLinear ? 0 : 3;
      const DType dtype = node->input(weight)->dtype();
      EXPECT_TRUE(dtype == DType::kI8 || dtype == DType::kI32) << node->description();
    }
    if (node->op() == OpType::kQuantizeLinear) {
      ASSERT_EQ(node->input(2)->dtype(), DType::kU8) << node->description();
      EXPECT_EQ(testing::constant_values<uint8_t>(node->input(2)).at(0),
                zero_points.at(node->name()) + 128)
          << node->description();
    }
  }
}

const Node* only_node(const Graph& graph, OpType op) {
  const Node* found = nullptr;
  for (const Node* node : graph.nodes()) {
    if (node->op() != op) continue;
    EXPECT_EQ(found, nullptr) << "several " << op_name(op);
    found = node;
  }
  EXPECT_NE(found, nullptr) << "no " << op_name(op);
  return found;
}

TEST(ActivationsToUint8Test, QdqNetworkComputesTheSameOutputs) {
  QdqGraphBuilder b;
  build_network(b);
  convert_and_expect_identical(b);
  // The int32 bias and its zero point are untouched.
  const Value* bias = b.graph.find_value("b_quantized");
  ASSERT_NE(bias, nullptr);
  EXPECT_EQ(bias->dtype(), DType::kI32);
  EXPECT_EQ(bias->uses()[0].node->input(2)->dtype(), DType::kI32);
}

TEST(ActivationsToUint8Test, FusedNetworkComputesTheSameOutputs) {
  QdqGraphBuilder b;
  build_network(b);
  QdqFusionStats stats;
  ASSERT_TRUE(fuse_quantized_ops(b.graph, &stats).ok());
  for (OpType op :
       {OpType::kQLinearConv, OpType::kQLinearMatMul, OpType::kQLinearAdd, OpType::kQLinearMul,
        OpType::kQLinearAveragePool, OpType::kQLinearGlobalAveragePool, OpType::kQLinearSigmoid,
        OpType::kQLinearLeakyRelu, OpType::kPad, OpType::kMaxPool, OpType::kFlatten}) {
    EXPECT_GE(stats.fused.count(op), 1u) << op_name(op) << " did not fuse";
  }
  const Node* conv = only_node(b.graph, OpType::kQLinearConv);
  ASSERT_NE(conv, nullptr);
  const int64_t output_min = *conv->attrs().require_int("output_min");
  const int64_t output_max = *conv->attrs().require_int("output_max");
  const int weight_zero_point = testing::constant_values<int8_t>(conv->input(5)).at(0);

  convert_and_expect_identical(b);
  EXPECT_EQ(*conv->attrs().require_int("output_min"), output_min + 128);
  EXPECT_EQ(*conv->attrs().require_int("output_max"), output_max + 128);
  EXPECT_EQ(conv->input(0)->dtype(), DType::kU8);
  EXPECT_EQ(conv->input(2)->dtype(), DType::kU8);
  EXPECT_EQ(conv->input(5)->dtype(), DType::kI8);
  EXPECT_EQ(testing::constant_values<int8_t>(conv->input(5)).at(0), weight_zero_point);
  for (const Node* pad : {b.graph.find_node("pad"), b.graph.find_node("pad_half")}) {
    ASSERT_NE(pad, nullptr);
    EXPECT_EQ(pad->input(2)->dtype(), DType::kU8) << pad->name();  // the shifted fill code
  }
}

// Concat with an int8 constant operand and a Pad without a value, which fusion never writes.
TEST(ActivationsToUint8Test, CodeMoversShiftTheirConstantInputs) {
  QdqGraphBuilder b;
  Value* x = b.input("x", Shape{1, 2, 3, 3}, -2.f, 2.f);
  Value* scale = b.float_constant("scale", Shape(), {1.f / 64});
  Value* zero_point = b.scalar_constant("zero_point", DType::kI8, 9);
  Value* q = b.graph.add_value("q");
  b.graph.add_node(OpType::kQuantizeLinear, "quantize", {x, scale, zero_point}, {q});
  Value* codes = testing::add_constant(b.graph, "codes", Shape{1, 1, 3, 3},
                                       std::vector<int8_t>{-128, -9, 0, 9, 10, 50, 100, 127, -1});
  Attributes axis;
  axis.set("axis", int64_t{1});
  Value* joined = b.node(OpType::kConcat, "concat", {q, codes}, axis);
  Value* pads = testing::add_constant(b.graph, "pads", Shape{8},
                                      std::vector<int64_t>{0, 0, 1, 0, 0, 0, 0, 2});
  Value* padded = b.node(OpType::kPad, "pad", {joined, pads});
  Value* y = b.graph.add_value("y");
  b.graph.add_node(OpType::kDequantizeLinear, "dequantize", {padded, scale, zero_point}, {y});
  b.graph.add_output(y);
  ASSERT_TRUE(infer_shapes(b.graph).ok());
  convert_and_expect_identical(b);
  EXPECT_EQ(b.graph.find_node("concat")->input(1)->dtype(), DType::kU8);
  EXPECT_EQ(testing::constant_values<uint8_t>(b.graph.find_node("pad")->input(2)).at(0), 128);
}

TEST(ActivationsToUint8Test, Int16ActivationsStayAsTheyAre) {
  QdqGraphBuilder b;
  Value* x = b.quantize(b.input("x", Shape{2, 16}), 1.f / 16384, 0, DType::kI16);
  b.output(b.node(OpType::kRelu, "relu", {x}), 1.f / 16384, 0, DType::kI16);
  const size_t values = b.graph.values().size();
  ASSERT_TRUE(convert_activations_to_uint8(b.graph).ok());
  EXPECT_EQ(b.graph.values().size(), values);  // no shifted constant added
  EXPECT_EQ(b.graph.find_value("x_quantized")->dtype(), DType::kI16);
}

TEST(ActivationsToUint8Test, Int8GraphInputIsRefused) {
  Graph graph;
  Value* x = graph.add_value("codes", DType::kI8, Shape{4});
  graph.add_input(x);
  Value* y = graph.add_value("y", DType::kF32, Shape{4});
  graph.add_node(OpType::kDequantizeLinear, "dequantize",
                 {x, testing::add_constant(graph, "scale", Shape(), std::vector<float>{0.5f})},
                 {y});
  graph.add_output(y);
  const Status status = convert_activations_to_uint8(graph);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.to_string().find("graph input 'codes' is int8"), std::string::npos)
      << status.to_string();
}

TEST(ActivationsToUint8Test, UnknownOpOnAnInt8ActivationIsRefused) {
  QdqGraphBuilder b;
  Value* x = b.input("x", Shape{4});
  Value* q = b.graph.add_value("q");
  b.graph.add_node(OpType::kQuantizeLinear, "quantize",
                   {x, b.float_constant("scale", Shape(), {0.1f}),
                    b.scalar_constant("zero_point", DType::kI8, 0)},
                   {q});
  Attributes to;
  to.set("to", std::string("f32"));
  b.graph.add_output(b.node(OpType::kCast, "cast_codes", {q}, to));
  ASSERT_TRUE(infer_shapes(b.graph).ok());
  const Status status = convert_activations_to_uint8(b.graph);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.to_string().find("Cast 'cast_codes'"), std::string::npos) << status.to_string();
}

}  // namespace
}  // namespace edgeq::ir
