#include <gtest/gtest.h>

#include "ir/passes/passes.h"
#include "tests/ir/graph_test_util.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::add_constant;

TEST(IdentityRemovalTest, IdentityInTheMiddleIsRemoved) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  g.add_input(x);
  Value* a = g.add_value("a");
  Value* b = g.add_value("b");
  Value* y = g.add_value("y");
  g.add_node(OpType::kRelu, "relu", {x}, {a});
  g.add_node(OpType::kIdentity, "id", {a}, {b});
  Node* neg = g.add_node(OpType::kNeg, "neg", {b}, {y});
  g.add_output(y);
  ASSERT_TRUE(remove_identity_ops(g).ok());
  EXPECT_EQ(g.num_nodes(), 2u);
  EXPECT_EQ(g.find_node("id"), nullptr);
  EXPECT_EQ(neg->input(0)->producer(), g.find_node("relu"));
  EXPECT_TRUE(g.verify().ok()) << g.verify().to_string();
}

TEST(IdentityRemovalTest, GraphOutputKeepsItsName) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  g.add_input(x);
  Value* a = g.add_value("a");
  Value* out = g.add_value("out");
  Node* relu = g.add_node(OpType::kRelu, "relu", {x}, {a});
  g.add_node(OpType::kIdentity, "id", {a}, {out});
  g.add_output(out);
  ASSERT_TRUE(remove_identity_ops(g).ok());
  EXPECT_EQ(g.num_nodes(), 1u);
  ASSERT_EQ(g.outputs().size(), 1u);
  EXPECT_EQ(g.outputs()[0]->name(), "out");
  EXPECT_EQ(g.outputs()[0]->producer(), relu);
  EXPECT_TRUE(g.verify().ok()) << g.verify().to_string();
}

TEST(IdentityRemovalTest, IdentityFromGraphInputToGraphOutputStays) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  g.add_input(x);
  Value* out = g.add_value("out");
  g.add_node(OpType::kIdentity, "id", {x}, {out});
  g.add_output(out);
  ASSERT_TRUE(remove_identity_ops(g).ok());
  EXPECT_EQ(g.num_nodes(), 1u);
  EXPECT_EQ(g.outputs()[0]->name(), "out");
}

TEST(IdentityRemovalTest, IdentityOfAValueThatIsAlsoAnOutputStays) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  g.add_input(x);
  Value* a = g.add_value("a");
  Value* out = g.add_value("out");
  g.add_node(OpType::kRelu, "relu", {x}, {a});
  g.add_node(OpType::kIdentity, "id", {a}, {out});
  g.add_output(a);
  g.add_output(out);
  ASSERT_TRUE(remove_identity_ops(g).ok());
  EXPECT_EQ(g.num_nodes(), 2u);
  EXPECT_EQ(g.outputs()[0]->name(), "a");
  EXPECT_EQ(g.outputs()[1]->name(), "out");
}

TEST(IdentityRemovalTest, InferenceDropoutIsRemovedButAUsedMaskKeepsIt) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  g.add_input(x);
  Value* d1 = g.add_value("d1");
  Value* y1 = g.add_value("y1");
  g.add_node(OpType::kDropout, "plain_dropout", {x}, {d1});
  g.add_node(OpType::kRelu, "relu1", {d1}, {y1});
  Value* d2 = g.add_value("d2");
  Value* mask = g.add_value("mask");
  g.add_node(OpType::kDropout, "masked_dropout", {x}, {d2, mask});
  Value* ratio = add_constant<float>(g, "ratio", Shape(), {0.5f});
  const uint8_t true_byte = 1;
  Value* training = g.add_constant("training", DType::kBool, Shape(),
                                   ConstantData::copy_of(&true_byte, 1));
  Value* d3 = g.add_value("d3");
  g.add_node(OpType::kDropout, "training_dropout", {x, ratio, training}, {d3});
  g.add_output(y1);
  g.add_output(d2);
  g.add_output(mask);
  g.add_output(d3);
  ASSERT_TRUE(remove_identity_ops(g).ok());
  EXPECT_EQ(g.find_node("plain_dropout"), nullptr);
  EXPECT_EQ(g.find_node("relu1")->input(0), x);
  EXPECT_NE(g.find_node("masked_dropout"), nullptr);
  EXPECT_NE(g.find_node("training_dropout"), nullptr);
  EXPECT_TRUE(g.verify().ok()) << g.verify().to_string();
}

}  // namespace
}  // namespace edgeq::ir
