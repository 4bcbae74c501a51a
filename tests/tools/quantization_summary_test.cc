#include "tools/quantization_summary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ir/graph.h"

namespace edgeq::tools {
namespace {

// Builds x -> Q -> DQ -> Conv(DQ weights) -> Relu -> [Q -> DQ] -> Sigmoid -> y; the Conv+Relu
// pair runs integer when `quantize_relu_output`, the Sigmoid never does.
class CensusGraph {
 public:
  explicit CensusGraph(bool quantize_relu_output) {
    ir::Value* x = graph_.add_value("x", DType::kF32, Shape({1, 1, 2, 2}));
    graph_.add_input(x);
    ir::Value* xd = dequantized(quantized(x, "x"), "x");
    ir::Value* w_q = constant("w_q", DType::kI8, Shape({1, 1, 1, 1}));
    ir::Value* w = graph_.add_value("w", DType::kF32, Shape({1, 1, 1, 1}));
    graph_.add_node(OpType::kDequantizeLinear, "w_dq", {w_q, scale("w")}, {w});
    ir::Value* c = graph_.add_value("c", DType::kF32, Shape({1, 1, 2, 2}));
    graph_.add_node(OpType::kConv, "conv", {xd, w}, {c});
    ir::Value* r = graph_.add_value("r", DType::kF32, Shape({1, 1, 2, 2}));
    graph_.add_node(OpType::kRelu, "relu", {c}, {r});
    ir::Value* s_in = quantize_relu_output ? dequantized(quantized(r, "r"), "r") : r;
    ir::Value* y = graph_.add_value("y", DType::kF32, Shape({1, 1, 2, 2}));
    graph_.add_node(OpType::kSigmoid, "sigmoid", {s_in}, {y});
    graph_.add_output(y);
  }
  const ir::Graph& graph() const { return graph_; }

 private:
  ir::Value* constant(const std::string& name, DType dtype, const Shape& shape) {
    std::vector<uint8_t> bytes(dtype_storage_bytes(dtype, static_cast<size_t>(shape.numel())), 1);
    return graph_.add_constant(name, dtype, shape,
                               ir::ConstantData::copy_of(bytes.data(), bytes.size()));
  }
  ir::Value* scale(const std::string& base) {
    float one = 1.0f;
    return graph_.add_constant(base + "_scale", DType::kF32, Shape(),
                               ir::ConstantData::copy_of(&one, sizeof(one)));
  }
  ir::Value* quantized(ir::Value* v, const std::string& base) {
    ir::Value* q = graph_.add_value(base + "_q", DType::kI8, v->shape());
    ir::Value* zp = constant(base + "_zp", DType::kI8, Shape());
    graph_.add_node(OpType::kQuantizeLinear, base + "_quantize", {v, scale(base + "_q"), zp}, {q});
    return q;
  }
  ir::Value* dequantized(ir::Value* q, const std::string& base) {
    ir::Value* d = graph_.add_value(base + "_dq", DType::kF32, q->shape());
    graph_.add_node(OpType::kDequantizeLinear, base + "_dequantize", {q, scale(base + "_d")}, {d});
    return d;
  }
  ir::Graph graph_;
};

std::vector<std::string> names(const std::vector<const ir::Node*>& nodes) {
  std::vector<std::string> out;
  for (const ir::Node* node : nodes) out.push_back(node->name());
  return out;
}

TEST(QdqCensusTest, ConvWithFusedReluRunsIntegerWhenTheReluOutputIsQuantized) {
  CensusGraph built(/*quantize_relu_output=*/true);
  QdqCensus census = take_qdq_census(built.graph());
  EXPECT_EQ(names(census.integer), (std::vector<std::string>{"conv", "relu"}));
  EXPECT_TRUE(census.float_with_quantized_weights.empty());
  EXPECT_EQ(names(census.float_only), std::vector<std::string>{"sigmoid"});
  EXPECT_EQ(list_nodes(census.float_only), "sigmoid (Sigmoid)");
}

TEST(QdqCensusTest, ConvWhoseOutputStaysFloatHasOnlyQuantizedWeights) {
  CensusGraph built(/*quantize_relu_output=*/false);
  QdqCensus census = take_qdq_census(built.graph());
  EXPECT_TRUE(census.integer.empty());
  EXPECT_EQ(names(census.float_with_quantized_weights), std::vector<std::string>{"conv"});
  EXPECT_EQ(names(census.float_only), (std::vector<std::string>{"relu", "sigmoid"}));
}

}  // namespace
}  // namespace edgeq::tools
