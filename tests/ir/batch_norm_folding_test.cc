#include <gtest/gtest.h>

#include <cmath>

#include "ir/passes/passes.h"
#include "ir/shape_inference.h"
#include "tests/ir/graph_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::add_constant;
using ::edgeq::testing::evaluate_graph;
using ::edgeq::testing::random_floats;

struct BnCase {
  Graph graph;
  std::map<std::string, std::vector<float>> inputs;
};

// x -> producer(op, weights w, bias) -> BatchNormalization(channels) -> y (graph output)
BnCase make_case(OpType op, const Shape& x_shape, const Shape& w_shape, int64_t channels,
                 bool with_bias, const Attributes& attrs) {
  BnCase c;
  Graph& g = c.graph;
  Value* x = g.add_value("x", DType::kF32, x_shape);
  g.add_input(x);
  c.inputs["x"] = random_floats(x_shape.numel(), 1);
  Value* w = add_constant(g, "w", w_shape, random_floats(w_shape.numel(), 2));
  std::vector<Value*> inputs = {x, w};
  if (with_bias)
    inputs.push_back(add_constant(g, "b", Shape({channels}), random_floats(channels, 3)));
  Value* mid = g.add_value("mid");
  g.add_node(op, "producer", inputs, {mid}, attrs);
  Value* gamma = add_constant(g, "gamma", Shape({channels}), random_floats(channels, 4, 0.5f, 2.f));
  Value* beta = add_constant(g, "beta", Shape({channels}), random_floats(channels, 5));
  Value* mean = add_constant(g, "mean", Shape({channels}), random_floats(channels, 6));
  Value* var = add_constant(g, "var", Shape({channels}), random_floats(channels, 7, 0.1f, 3.f));
  Value* y = g.add_value("y");
  Attributes bn_attrs;
  bn_attrs.set("epsilon", 1e-3f);
  g.add_node(OpType::kBatchNormalization, "bn", {mid, gamma, beta, mean, var}, {y}, bn_attrs);
  g.add_output(y);
  return c;
}

void expect_fold_keeps_results(BnCase c, OpType producer_op) {
  if (!runtime::create_portable_kernel(producer_op).ok()) {
    GTEST_SKIP() << op_name(producer_op) << " has no portable kernel yet";
  }
  ASSERT_TRUE(infer_shapes(c.graph).ok()) << infer_shapes(c.graph).to_string();
  auto before = evaluate_graph(c.graph, c.inputs);
  ASSERT_TRUE(before.ok()) << before.status().to_string();
  ASSERT_TRUE(fold_batch_norm(c.graph).ok());
  ASSERT_TRUE(remove_dead_code(c.graph).ok());
  ASSERT_TRUE(c.graph.verify().ok()) << c.graph.verify().to_string();
  ASSERT_EQ(c.graph.num_nodes(), 1u);
  EXPECT_EQ(c.graph.nodes()[0]->op(), producer_op);
  EXPECT_EQ(c.graph.outputs()[0]->name(), "y");
  EXPECT_EQ(c.graph.find_value("gamma"), nullptr);
  auto after = evaluate_graph(c.graph, c.inputs);
  ASSERT_TRUE(after.ok()) << after.status().to_string();
  edgeq::testing::expect_near(after->at("y"), before->at("y"), 1e-5f, 1e-5f);
}

Attributes conv_attrs() {
  Attributes a;
  a.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  return a;
}

TEST(BatchNormFoldingTest, ConvWithBias) {
  expect_fold_keeps_results(
      make_case(OpType::kConv, Shape({2, 3, 5, 5}), Shape({4, 3, 3, 3}), 4, true, conv_attrs()),
      OpType::kConv);
}

TEST(BatchNormFoldingTest, ConvWithoutBias) {
  expect_fold_keeps_results(
      make_case(OpType::kConv, Shape({1, 3, 5, 5}), Shape({4, 3, 3, 3}), 4, false, conv_attrs()),
      OpType::kConv);
}

TEST(BatchNormFoldingTest, DepthwiseConv) {
  Attributes attrs = conv_attrs();
  attrs.set("group", int64_t{3});
  expect_fold_keeps_results(
      make_case(OpType::kConv, Shape({1, 3, 5, 5}), Shape({3, 1, 3, 3}), 3, true, attrs),
      OpType::kConv);
}

TEST(BatchNormFoldingTest, GemmWithTransB) {
  Attributes attrs;
  attrs.set("transB", int64_t{1});
  attrs.set("beta", 0.5f);
  attrs.set("alpha", 2.f);
  expect_fold_keeps_results(make_case(OpType::kGemm, Shape({3, 5}), Shape({6, 5}), 6, true, attrs),
                            OpType::kGemm);
}

TEST(BatchNormFoldingTest, GemmWithoutTransB) {
  expect_fold_keeps_results(
      make_case(OpType::kGemm, Shape({3, 5}), Shape({5, 6}), 6, false, Attributes()),
      OpType::kGemm);
}

TEST(BatchNormFoldingTest, ConvTranspose) {
  expect_fold_keeps_results(make_case(OpType::kConvTranspose, Shape({1, 3, 4, 4}),
                                      Shape({3, 5, 3, 3}), 5, true, Attributes()),
                            OpType::kConvTranspose);
}

TEST(BatchNormFoldingTest, ConvOutputWithAnotherConsumerIsNotFolded) {
  BnCase c =
      make_case(OpType::kConv, Shape({1, 3, 5, 5}), Shape({4, 3, 3, 3}), 4, true, conv_attrs());
  Value* mid = c.graph.find_value("mid");
  Value* side = c.graph.add_value("side");
  c.graph.add_node(OpType::kRelu, "side_relu", {mid}, {side});
  c.graph.add_output(side);
  ASSERT_TRUE(infer_shapes(c.graph).ok());
  ASSERT_TRUE(fold_batch_norm(c.graph).ok());
  EXPECT_NE(c.graph.find_node("bn"), nullptr);
  EXPECT_EQ(c.graph.find_node("producer")->input(1)->name(), "w");
}

TEST(BatchNormFoldingTest, NonConstantWeightsAreNotFolded) {
  BnCase c =
      make_case(OpType::kConv, Shape({1, 3, 5, 5}), Shape({4, 3, 3, 3}), 4, true, conv_attrs());
  Value* w_in = c.graph.add_value("w_in", DType::kF32, Shape({4, 3, 3, 3}));
  c.graph.add_input(w_in);
  c.graph.find_node("producer")->set_input(1, w_in);
  ASSERT_TRUE(fold_batch_norm(c.graph).ok());
  EXPECT_NE(c.graph.find_node("bn"), nullptr);
}

}  // namespace
}  // namespace edgeq::ir
