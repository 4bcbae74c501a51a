#include "ir/graph.h"

#include <gtest/gtest.h>

#include "tests/ir/graph_test_util.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::add_constant;

// x -> Relu(a) -> Relu(b) -> y
struct Chain {
  Graph graph;
  Value* x;
  Value* a_out;
  Value* y;
  Node* a;
  Node* b;
};

Chain make_chain() {
  Chain c;
  c.x = c.graph.add_value("x", DType::kF32, Shape({2, 3}));
  c.graph.add_input(c.x);
  c.a_out = c.graph.add_value("a_out");
  c.y = c.graph.add_value("y");
  c.a = c.graph.add_node(OpType::kRelu, "a", {c.x}, {c.a_out});
  c.b = c.graph.add_node(OpType::kRelu, "b", {c.a_out}, {c.y});
  c.graph.add_output(c.y);
  return c;
}

TEST(GraphTest, TracksProducersAndUses) {
  Chain c = make_chain();
  EXPECT_EQ(c.a_out->producer(), c.a);
  EXPECT_EQ(c.x->producer(), nullptr);
  ASSERT_EQ(c.a_out->uses().size(), 1u);
  EXPECT_EQ(c.a_out->uses()[0].node, c.b);
  EXPECT_EQ(c.a_out->uses()[0].input_index, 0);
  EXPECT_TRUE(c.graph.verify().ok()) << c.graph.verify().to_string();
}

TEST(GraphTest, NodeReadingAValueTwiceIsOneConsumerWithTwoUses) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({2}));
  g.add_input(x);
  Value* y = g.add_value("y");
  Node* add = g.add_node(OpType::kAdd, "add", {x, x}, {y});
  g.add_output(y);
  EXPECT_EQ(x->uses().size(), 2u);
  ASSERT_EQ(x->consumers().size(), 1u);
  EXPECT_EQ(x->consumers()[0], add);
  add->set_input(1, nullptr);
  EXPECT_EQ(x->uses().size(), 1u);
}

TEST(GraphTest, NamesAreMadeUniquePerKind) {
  Graph g;
  EXPECT_EQ(g.add_value("t")->name(), "t");
  EXPECT_EQ(g.add_value("t")->name(), "t_1");
  EXPECT_EQ(g.add_value("t")->name(), "t_2");
  Value* out = g.add_value("o");
  EXPECT_EQ(g.add_node(OpType::kRelu, "t", {g.find_value("t")}, {out})->name(), "t");
  EXPECT_EQ(g.unique_name("t"), "t_3");
  EXPECT_EQ(g.unique_name("fresh"), "fresh");
  Value* out2 = g.add_value("o2");
  EXPECT_EQ(g.add_node(OpType::kRelu, "", {out}, {out2})->name(), "Relu");
}

TEST(GraphTest, ReplaceAllUsesRewiresNodesAndGraphOutputs) {
  Chain c = make_chain();
  Value* z = c.graph.add_value("z", DType::kF32, Shape({2, 3}));
  c.graph.add_input(z);
  c.graph.add_output(c.a_out);
  c.graph.replace_all_uses(c.a_out, z);
  EXPECT_EQ(c.b->input(0), z);
  EXPECT_TRUE(c.a_out->uses().empty());
  EXPECT_EQ(c.graph.outputs()[1], z);
  ASSERT_EQ(z->uses().size(), 1u);
}

TEST(GraphTest, RemoveNodeDetachesItsValues) {
  Chain c = make_chain();
  c.graph.remove_node(c.b);
  EXPECT_TRUE(c.a_out->uses().empty());
  EXPECT_EQ(c.y->producer(), nullptr);
  EXPECT_EQ(c.graph.num_nodes(), 1u);
  EXPECT_EQ(c.graph.find_node("b"), nullptr);
  Status verified = c.graph.verify();
  EXPECT_FALSE(verified.ok());
  EXPECT_NE(verified.message().find("'y' is never computed"), std::string::npos)
      << verified.message();
}

TEST(GraphTest, RemoveValueRefusesValuesInUse) {
  Chain c = make_chain();
  EXPECT_FALSE(c.graph.remove_value(c.a_out).ok());
  Value* loose = c.graph.add_value("loose");
  EXPECT_TRUE(c.graph.remove_value(loose).ok());
  EXPECT_EQ(c.graph.find_value("loose"), nullptr);
}

TEST(GraphTest, TopologicalOrderIsStableAndRespectsEdges) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({1}));
  g.add_input(x);
  Value* late = g.add_value("late");
  Value* early = g.add_value("early");
  Value* other = g.add_value("other");
  // Inserted consumer-first: the order must still put the producer first.
  Node* consumer = g.add_node(OpType::kRelu, "consumer", {early}, {late});
  Node* independent = g.add_node(OpType::kNeg, "independent", {x}, {other});
  Node* producer = g.add_node(OpType::kAbs, "producer", {x}, {early});
  g.add_output(late);
  g.add_output(other);
  auto order = g.topological_order();
  ASSERT_TRUE(order.ok());
  ASSERT_EQ(order->size(), 3u);
  EXPECT_EQ((*order)[0], independent);
  EXPECT_EQ((*order)[1], producer);
  EXPECT_EQ((*order)[2], consumer);
}

TEST(GraphTest, CycleIsReportedWithANodeOnIt) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({1}));
  g.add_input(x);
  Value* pre = g.add_value("pre");
  Value* a = g.add_value("a");
  Value* b = g.add_value("b");
  g.add_node(OpType::kRelu, "before_cycle", {x}, {pre});
  g.add_node(OpType::kAdd, "loop_a", {pre, b}, {a});
  g.add_node(OpType::kRelu, "loop_b", {a}, {b});
  g.add_output(b);
  auto order = g.topological_order();
  ASSERT_FALSE(order.ok());
  const std::string msg = order.status().message();
  EXPECT_NE(msg.find("cycle"), std::string::npos) << msg;
  EXPECT_TRUE(msg.find("loop_a") != std::string::npos || msg.find("loop_b") != std::string::npos)
      << msg;
  EXPECT_FALSE(g.verify().ok());
}

TEST(GraphTest, VerifyRejectsWrongArityNamingTheNode) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({1}));
  g.add_input(x);
  Value* y = g.add_value("y");
  g.add_node(OpType::kAdd, "lonely_add", {x}, {y});
  g.add_output(y);
  Status s = g.verify();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("lonely_add"), std::string::npos) << s.message();
}

TEST(GraphTest, VerifyRejectsAnInputNobodyComputes) {
  Graph g;
  Value* ghost = g.add_value("ghost", DType::kF32, Shape({1}));
  Value* y = g.add_value("y");
  g.add_node(OpType::kRelu, "reader", {ghost}, {y});
  g.add_output(y);
  Status s = g.verify();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("reader"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("ghost"), std::string::npos) << s.message();
}

TEST(GraphTest, VerifyRejectsTwoProducers) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({1}));
  g.add_input(x);
  Value* y = g.add_value("y");
  g.add_node(OpType::kRelu, "first", {x}, {y});
  g.add_node(OpType::kNeg, "second", {x}, {y});
  g.add_output(y);
  Status s = g.verify();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("second"), std::string::npos) << s.message();
}

TEST(GraphTest, VerifyRejectsAConstantOfTheWrongSize) {
  Graph g;
  std::vector<float> three = {1, 2, 3};
  g.add_constant("c", DType::kF32, Shape({4}), ConstantData::copy_of(three.data(), 12));
  Status s = g.verify();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'c'"), std::string::npos) << s.message();
}

TEST(GraphTest, VerifyRejectsAMissingRequiredInput) {
  Graph g;
  Value* x = g.add_value("x", DType::kF32, Shape({1, 1, 3, 3}));
  g.add_input(x);
  Value* y = g.add_value("y");
  g.add_node(OpType::kConv, "conv", {x, nullptr}, {y});
  g.add_output(y);
  Status s = g.verify();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("conv"), std::string::npos) << s.message();
}

TEST(GraphTest, CloneIsDeepAndSharesConstantBytes) {
  Chain c = make_chain();
  Value* k = add_constant<float>(c.graph, "k", Shape({2}), {1.f, 2.f});
  c.x->set_symbolic_batch(true);
  Graph copy = c.graph.clone();
  ASSERT_TRUE(copy.verify().ok()) << copy.verify().to_string();
  EXPECT_EQ(copy.num_nodes(), 2u);
  Value* copied_x = copy.find_value("x");
  ASSERT_NE(copied_x, nullptr);
  EXPECT_NE(copied_x, c.x);
  EXPECT_TRUE(copied_x->has_symbolic_batch());
  EXPECT_EQ(copy.find_value("k")->constant()->data(), k->constant()->data());
  copy.remove_node(copy.find_node("b"));
  EXPECT_EQ(c.graph.num_nodes(), 2u);
  EXPECT_EQ(c.y->producer(), c.b);
}

TEST(GraphTest, ReplaceNodeOutputKeepsTheNewValuesName) {
  Chain c = make_chain();
  Value* renamed = c.graph.add_value("renamed");
  c.graph.replace_node_output(c.b, 0, renamed);
  EXPECT_EQ(renamed->producer(), c.b);
  EXPECT_EQ(c.y->producer(), nullptr);
  EXPECT_EQ(c.b->output(0), renamed);
}

TEST(GraphTest, MakeConstantDetachesTheProducer) {
  Chain c = make_chain();
  std::vector<float> zeros(6, 0.f);
  c.graph.make_constant(c.a_out, DType::kF32, Shape({2, 3}),
                        ConstantData::copy_of(zeros.data(), zeros.size() * sizeof(float)));
  EXPECT_TRUE(c.a_out->is_constant());
  EXPECT_EQ(c.a_out->producer(), nullptr);
  EXPECT_EQ(c.a->output(0), nullptr);
  EXPECT_NE(c.a_out->view().data, nullptr);
}

TEST(GraphTest, EmptyConstantsStillHaveData) {
  Graph g;
  Value* empty =
      g.add_constant("empty", DType::kI64, Shape({0}), ConstantData::copy_of(nullptr, 0));
  EXPECT_NE(empty->view().data, nullptr);
  EXPECT_TRUE(g.verify().ok());
}

}  // namespace
}  // namespace edgeq::ir
