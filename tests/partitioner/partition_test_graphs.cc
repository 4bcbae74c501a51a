#include "tests/partitioner/partition_test_graphs.h"

namespace edgeq::partitioner::testing {

namespace {
const Shape kShape{2, 3};
}  // namespace

ir::Value* TestGraph::input(const std::string& name) {
  ir::Value* value = graph.add_value(name, DType::kF32, kShape);
  graph.add_input(value);
  return value;
}

ir::Value* TestGraph::unary(OpType op, const std::string& name, ir::Value* x) {
  ir::Value* out = graph.add_value(name + "_out", DType::kF32, x->shape());
  graph.add_node(op, name, {x}, {out});
  return out;
}

ir::Value* TestGraph::binary(OpType op, const std::string& name, ir::Value* a, ir::Value* b) {
  ir::Value* out = graph.add_value(name + "_out", DType::kF32, a->shape());
  graph.add_node(op, name, {a, b}, {out});
  return out;
}

std::vector<ir::Value*> TestGraph::split(const std::string& name, ir::Value* x) {
  std::vector<ir::Value*> outs = {graph.add_value(name + "_0", DType::kF32, Shape{2, 1}),
                                  graph.add_value(name + "_1", DType::kF32, Shape{2, 2})};
  Attributes attrs;
  attrs.set("axis", int64_t{1});
  attrs.set("split", std::vector<int64_t>{1, 2});
  graph.add_node(OpType::kSplit, name, {x}, outs, attrs);
  return outs;
}

ir::Value* TestGraph::constant(const std::string& name, float fill) {
  std::vector<float> data(static_cast<size_t>(kShape.numel()), fill);
  return graph.add_constant(name, DType::kF32, kShape,
                            ir::ConstantData::copy_of(data.data(), data.size() * sizeof(float)));
}

std::vector<std::vector<std::string>> partition_node_names(const PartitionPlan& plan) {
  std::vector<std::vector<std::string>> names;
  for (const Partition& partition : plan.partitions) {
    names.emplace_back();
    for (const ir::Node* node : partition.nodes) names.back().push_back(node->name());
  }
  return names;
}

std::vector<std::string> value_names(const std::vector<const ir::Value*>& values) {
  std::vector<std::string> names;
  for (const ir::Value* value : values) names.push_back(value->name());
  return names;
}

std::string rejection_reason(const PartitionPlan& plan, const std::string& node) {
  for (const RejectedNode& rejected : plan.rejected) {
    if (rejected.node == node) return rejected.reason;
  }
  return "";
}

}  // namespace edgeq::partitioner::testing
