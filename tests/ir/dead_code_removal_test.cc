#include <gtest/gtest.h>

#include "ir/passes/passes.h"
#include "tests/ir/graph_test_util.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::add_constant;

TEST(DeadCodeRemovalTest, RemovesUnreachableNodesAndValues) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  Value* unused_input = g.add_value("unused_input", DType::kF32, Shape({2}));
  g.add_input(x);
  g.add_input(unused_input);
  Value* c = add_constant<float>(g, "dead_const", Shape({2}), {1, 2});
  Value* live = g.add_value("live");
  Value* dead1 = g.add_value("dead1");
  Value* dead2 = g.add_value("dead2");
  g.add_node(OpType::kRelu, "live_relu", {x}, {live});
  g.add_node(OpType::kAdd, "dead_add", {x, c}, {dead1});
  g.add_node(OpType::kNeg, "dead_neg", {dead1}, {dead2});
  g.add_output(live);
  ASSERT_TRUE(remove_dead_code(g).ok());
  EXPECT_EQ(g.num_nodes(), 1u);
  EXPECT_NE(g.find_node("live_relu"), nullptr);
  EXPECT_EQ(g.find_value("dead_const"), nullptr);
  EXPECT_EQ(g.find_value("dead2"), nullptr);
  EXPECT_NE(g.find_value("unused_input"), nullptr);  // part of the interface
  EXPECT_TRUE(g.verify().ok()) << g.verify().to_string();
}

TEST(DeadCodeRemovalTest, KeepsUnusedOutputsOfLiveNodes) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({4}));
  g.add_input(x);
  Value* first = g.add_value("first");
  Value* second = g.add_value("second");
  Attributes attrs;
  attrs.set("axis", int64_t{0});
  attrs.set("num_outputs", int64_t{2});
  g.add_node(OpType::kSplit, "split", {x}, {first, second}, attrs);
  g.add_output(first);
  ASSERT_TRUE(remove_dead_code(g).ok());
  EXPECT_EQ(g.num_nodes(), 1u);
  EXPECT_NE(g.find_value("second"), nullptr);
}

}  // namespace
}  // namespace edgeq::ir
