// Small float graphs for the partitioner tests: every value is f32[2, 3], nodes are elementwise
// (Relu, Sigmoid, Neg, Add, Mul, ...), so any wiring is valid and runs on the portable kernels.
#pragma once

#include <string>
#include <vector>

#include "ir/graph.h"
#include "partitioner/partition_graph.h"

namespace edgeq::partitioner::testing {

class TestGraph {
 public:
  ir::Graph graph;

  ir::Value* input(const std::string& name);
  // A node `name` computing "<name>_out".
  ir::Value* unary(OpType op, const std::string& name, ir::Value* x);
  ir::Value* binary(OpType op, const std::string& name, ir::Value* a, ir::Value* b);
  // Split of x along axis 1 into "<name>_0" (f32[2, 1]) and "<name>_1" (f32[2, 2]).
  std::vector<ir::Value*> split(const std::string& name, ir::Value* x);
  // A constant f32[2, 3] named `name`.
  ir::Value* constant(const std::string& name, float fill);
  void output(ir::Value* value) { graph.add_output(value); }
};

// The node names of each partition.
std::vector<std::vector<std::string>> partition_node_names(const PartitionPlan& plan);
// The value names of a list.
std::vector<std::string> value_names(const std::vector<const ir::Value*>& values);
// The reason recorded for `node`, or "" when it is not rejected.
std::string rejection_reason(const PartitionPlan& plan, const std::string& node);

}  // namespace edgeq::partitioner::testing
