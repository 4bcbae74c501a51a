#include "partitioner/partition_graph.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/partitioner/fake_delegate.h"
#include "tests/partitioner/partition_test_graphs.h"

namespace edgeq::partitioner {
namespace {

using Names = std::vector<std::string>;
using testing::FakeDelegate;
using testing::partition_node_names;
using testing::rejection_reason;
using testing::TestGraph;
using testing::value_names;

PartitionPlan plan_for(const ir::Graph& graph, const DelegateLowering& delegate,
                       const PartitionOptions& options = {}) {
  Result<PartitionPlan> plan = partition_graph(graph, delegate, options);
  EXPECT_TRUE(plan.ok()) << plan.status().to_string();
  return plan.ok() ? std::move(plan).value() : PartitionPlan();
}

// The order in which the steps run: a partition as "P<index>", a portable node by name.
Names step_names(const ir::Graph& graph, const PartitionPlan& plan) {
  Result<std::vector<ExecutionStep>> steps = execution_order(graph, plan);
  EXPECT_TRUE(steps.ok()) << steps.status().to_string();
  Names names;
  if (!steps.ok()) return names;
  for (const ExecutionStep& step : *steps) {
    names.push_back(step.partition >= 0 ? "P" + std::to_string(step.partition) : step.node->name());
  }
  return names;
}

TEST(PartitionGraph, UnsupportedOpInTheMiddleSplitsTheChainInTwo) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  ir::Value* b = t.unary(OpType::kNeg, "b", a);
  ir::Value* u = t.unary(OpType::kSigmoid, "u", b);
  ir::Value* c = t.unary(OpType::kRelu, "c", u);
  t.output(t.unary(OpType::kNeg, "d", c));
  FakeDelegate delegate({OpType::kRelu, OpType::kNeg});
  const PartitionPlan plan = plan_for(t.graph, delegate);

  EXPECT_EQ(partition_node_names(plan), (std::vector<Names>{{"a", "b"}, {"c", "d"}}));
  ASSERT_EQ(plan.delegates.size(), 2u);
  EXPECT_EQ(plan.delegates[0], &delegate);
  EXPECT_EQ(value_names(plan.partitions[0].inputs), Names{"x"});
  EXPECT_EQ(value_names(plan.partitions[0].outputs), Names{"b_out"});
  EXPECT_EQ(value_names(plan.partitions[1].inputs), Names{"u_out"});
  EXPECT_EQ(value_names(plan.partitions[1].outputs), Names{"d_out"});
  ASSERT_EQ(plan.rejected.size(), 1u);
  EXPECT_EQ(plan.rejected[0].node, "u");
  EXPECT_EQ(plan.rejected[0].op, "Sigmoid");
  EXPECT_EQ(plan.rejected[0].reason, "fake does not take Sigmoid");
  EXPECT_EQ(step_names(t.graph, plan), (Names{"P0", "u", "P1"}));
}

TEST(PartitionGraph, ValueReadInsideAndOutsideIsAnOutput) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  t.output(t.unary(OpType::kSigmoid, "u", a));  // unsupported consumer of a_out
  t.output(t.unary(OpType::kRelu, "b", a));     // supported consumer of a_out
  const PartitionPlan plan = plan_for(t.graph, FakeDelegate({OpType::kRelu}));

  EXPECT_EQ(partition_node_names(plan), (std::vector<Names>{{"a", "b"}}));
  EXPECT_EQ(value_names(plan.partitions[0].inputs), Names{"x"});
  EXPECT_EQ(value_names(plan.partitions[0].outputs), (Names{"a_out", "b_out"}));
  EXPECT_EQ(step_names(t.graph, plan), (Names{"P0", "u"}));
}

TEST(PartitionGraph, MultipleOutputsIncludingGraphOutputsReadInside) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  std::vector<ir::Value*> parts = t.split("s", a);
  ir::Value* r = t.unary(OpType::kNeg, "r", parts[0]);
  t.output(t.unary(OpType::kSigmoid, "u", parts[1]));
  t.output(r);
  t.output(a);  // a graph output that is also read inside the partition
  const PartitionPlan plan =
      plan_for(t.graph, FakeDelegate({OpType::kRelu, OpType::kSplit, OpType::kNeg}));

  EXPECT_EQ(partition_node_names(plan), (std::vector<Names>{{"a", "s", "r"}}));
  EXPECT_EQ(value_names(plan.partitions[0].outputs), (Names{"a_out", "s_1", "r_out"}));
}

TEST(PartitionGraph, ConstantsAreNeverInputs) {
  TestGraph t;
  ir::Value* x = t.input("x");
  t.output(t.binary(OpType::kAdd, "add", x, t.constant("c", 1.5f)));
  const PartitionPlan plan = plan_for(t.graph, FakeDelegate({OpType::kAdd}));
  ASSERT_EQ(plan.partitions.size(), 1u);
  EXPECT_EQ(value_names(plan.partitions[0].inputs), Names{"x"});
}

// a -> u -> b and a -> b with u unsupported: merging a and b would need u both before and after
// their partition.
TEST(PartitionGraph, NaiveGroupingWouldCreateACycle) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  ir::Value* u = t.unary(OpType::kSigmoid, "u", a);
  t.output(t.binary(OpType::kAdd, "b", a, u));
  const PartitionPlan plan = plan_for(t.graph, FakeDelegate({OpType::kRelu, OpType::kAdd}));

  EXPECT_EQ(partition_node_names(plan), (std::vector<Names>{{"a"}, {"b"}}));
  EXPECT_EQ(step_names(t.graph, plan), (Names{"P0", "u", "P1"}));
}

// The cycle check runs on the contracted graph: with two delegates, a1 -> b1 -> b2 -> a2 and
// a1 -> a2, where {b1, b2} goes to the second delegate, a1 and a2 must stay apart.
TEST(PartitionGraph, CycleThroughAnotherDelegatesPartitionIsRefused) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a1 = t.unary(OpType::kRelu, "a1", x);
  ir::Value* b1 = t.unary(OpType::kSigmoid, "b1", a1);
  ir::Value* b2 = t.unary(OpType::kSigmoid, "b2", b1);
  t.output(t.binary(OpType::kAdd, "a2", a1, b2));
  FakeDelegate first({OpType::kRelu, OpType::kAdd}, "first");
  FakeDelegate second({OpType::kSigmoid}, "second");
  Result<PartitionPlan> plan = partition_graph(t.graph, {&first, &second}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().to_string();

  EXPECT_EQ(partition_node_names(*plan), (std::vector<Names>{{"a1"}, {"b1", "b2"}, {"a2"}}));
  EXPECT_EQ(plan->delegates, (std::vector<const DelegateLowering*>{&first, &second, &first}));
  EXPECT_TRUE(plan->rejected.empty());
}

TEST(PartitionGraph, ReasonsOfSeveralDelegatesAreJoined) {
  TestGraph t;
  t.output(t.unary(OpType::kSigmoid, "u", t.input("x")));
  FakeDelegate first({OpType::kRelu}, "first");
  FakeDelegate second({OpType::kNeg}, "second");
  Result<PartitionPlan> plan = partition_graph(t.graph, {&first, &second}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().to_string();
  EXPECT_EQ(rejection_reason(*plan, "u"),
            "first: first does not take Sigmoid; second: second does not take Sigmoid");
}

TEST(PartitionGraph, NoDelegateKeepsEverythingPortable) {
  TestGraph t;
  t.output(t.unary(OpType::kRelu, "a", t.input("x")));
  Result<PartitionPlan> plan = partition_graph(t.graph, std::vector<const DelegateLowering*>{}, {});
  ASSERT_TRUE(plan.ok()) << plan.status().to_string();
  EXPECT_TRUE(plan->partitions.empty());
  EXPECT_EQ(rejection_reason(*plan, "a"), "no delegate backend selected");
}

TEST(PartitionGraph, NullDelegateIsAnError) {
  TestGraph t;
  t.output(t.unary(OpType::kRelu, "a", t.input("x")));
  Result<PartitionPlan> plan =
      partition_graph(t.graph, std::vector<const DelegateLowering*>{nullptr}, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("delegate 0 is null"), std::string::npos);
}

TEST(PartitionGraph, GroupsBelowTheMinimumSizeStayPortable) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  ir::Value* b = t.unary(OpType::kRelu, "b", a);
  ir::Value* u = t.unary(OpType::kSigmoid, "u", b);
  t.output(t.unary(OpType::kRelu, "c", u));
  PartitionOptions options;
  options.min_partition_size = 2;
  const PartitionPlan plan = plan_for(t.graph, FakeDelegate({OpType::kRelu}), options);

  EXPECT_EQ(partition_node_names(plan), (std::vector<Names>{{"a", "b"}}));
  EXPECT_EQ(rejection_reason(plan, "c"),
            "in a group of 1 node(s) for fake, below the minimum partition size 2");
  EXPECT_EQ(rejection_reason(plan, "u"), "fake does not take Sigmoid");
  ASSERT_EQ(plan.rejected.size(), 2u);
  EXPECT_EQ(plan.rejected[0].node, "u") << "rejected nodes are listed in topological order";
}

TEST(PartitionGraph, PortableOpsAreNeverDelegated) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  ir::Value* s = t.unary(OpType::kSigmoid, "s", a);
  t.output(t.unary(OpType::kRelu, "b", s));
  PartitionOptions options;
  options.portable_ops = {OpType::kSigmoid};
  const PartitionPlan plan =
      plan_for(t.graph, FakeDelegate({OpType::kRelu, OpType::kSigmoid}), options);

  EXPECT_EQ(partition_node_names(plan), (std::vector<Names>{{"a"}, {"b"}}));
  EXPECT_EQ(rejection_reason(plan, "s"), "kept portable by --portable-ops");
}

TEST(PartitionGraph, ExecutionOrderRejectsAPlanWithACycle) {
  TestGraph t;
  ir::Value* x = t.input("x");
  ir::Value* a = t.unary(OpType::kRelu, "a", x);
  ir::Value* u = t.unary(OpType::kSigmoid, "u", a);
  t.output(t.binary(OpType::kAdd, "b", a, u));
  PartitionPlan plan;
  plan.partitions.push_back({{t.graph.find_node("a"), t.graph.find_node("b")}, {}, {}});
  Result<std::vector<ExecutionStep>> steps = execution_order(t.graph, plan);
  ASSERT_FALSE(steps.ok());
  EXPECT_NE(steps.status().message().find("cyclic"), std::string::npos)
      << steps.status().to_string();

  plan.partitions.push_back({{t.graph.find_node("a")}, {}, {}});
  steps = execution_order(t.graph, plan);
  ASSERT_FALSE(steps.ok());
  EXPECT_NE(steps.status().message().find("more than one partition"), std::string::npos)
      << steps.status().to_string();
}

}  // namespace
}  // namespace edgeq::partitioner
