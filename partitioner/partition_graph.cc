#include "partitioner/partition_graph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "partitioner/acyclic_grouping.h"

namespace edgeq::partitioner {
namespace {

constexpr int kNotDelegated = -1;

// The graph's nodes in topological order and each node's position in it.
struct NodeOrder {
  std::vector<const ir::Node*> nodes;
  std::unordered_map<const ir::Node*, int> position;
};

Result<NodeOrder> node_order(const ir::Graph& graph) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Node*> order, graph.topological_order());
  NodeOrder result;
  result.nodes.assign(order.begin(), order.end());
  for (size_t i = 0; i < order.size(); ++i) result.position[order[i]] = static_cast<int>(i);
  return result;
}

// For each node (by position), the distinct positions of the nodes reading its outputs.
std::vector<std::vector<int>> successor_positions(const NodeOrder& order) {
  std::vector<std::vector<int>> successors(order.nodes.size());
  for (size_t i = 0; i < order.nodes.size(); ++i) {
    for (const ir::Value* output : order.nodes[i]->outputs()) {
      for (const ir::Node* consumer : output->consumers()) {
        const int next = order.position.at(consumer);
        if (std::find(successors[i].begin(), successors[i].end(), next) == successors[i].end()) {
          successors[i].push_back(next);
        }
      }
    }
  }
  return successors;
}

// The delegate index that takes `node`, or kNotDelegated with the reason in `reason`.
int choose_delegate(const ir::Graph& graph, const ir::Node& node,
                    const std::vector<const DelegateLowering*>& delegates,
                    const PartitionOptions& options, std::string* reason) {
  if (options.portable_ops.count(node.op()) != 0) {
    *reason = "kept portable by --portable-ops";
    return kNotDelegated;
  }
  if (delegates.empty()) {
    *reason = "no delegate backend selected";
    return kNotDelegated;
  }
  std::vector<std::string> reasons;
  for (size_t d = 0; d < delegates.size(); ++d) {
    SupportDecision decision = delegates[d]->supports(graph, node);
    if (decision.supported) return static_cast<int>(d);
    if (decision.reason.empty()) decision.reason = "not supported (no reason given)";
    reasons.push_back(delegates.size() == 1
                          ? decision.reason
                          : str_cat(delegates[d]->backend_name(), ": ", decision.reason));
  }
  reason->clear();
  for (size_t i = 0; i < reasons.size(); ++i) *reason += (i == 0 ? "" : "; ") + reasons[i];
  return kNotDelegated;
}

// A group's inputs and outputs as delegate_lowering.h documents them.
void set_boundary(const ir::Graph& graph, Partition* partition) {
  std::unordered_set<const ir::Node*> inside(partition->nodes.begin(), partition->nodes.end());
  std::unordered_set<const ir::Value*> seen_inputs;
  for (const ir::Node* node : partition->nodes) {
    for (const ir::Value* input : node->inputs()) {
      if (input == nullptr || input->is_constant()) continue;
      if (input->producer() != nullptr && inside.count(input->producer()) != 0) continue;
      if (seen_inputs.insert(input).second) partition->inputs.push_back(input);
    }
  }
  for (const ir::Node* node : partition->nodes) {
    for (const ir::Value* output : node->outputs()) {
      bool read_outside = graph.is_graph_output(output);
      for (const ir::Node* consumer : output->consumers()) {
        read_outside = read_outside || inside.count(consumer) == 0;
      }
      if (read_outside) partition->outputs.push_back(output);
    }
  }
}

}  // namespace

Result<PartitionPlan> partition_graph(const ir::Graph& graph, const DelegateLowering& delegate,
                                      const PartitionOptions& options) {
  return partition_graph(graph, std::vector<const DelegateLowering*>{&delegate}, options);
}

Result<PartitionPlan> partition_graph(const ir::Graph& graph,
                                      const std::vector<const DelegateLowering*>& delegates,
                                      const PartitionOptions& options) {
  for (size_t d = 0; d < delegates.size(); ++d) {
    if (delegates[d] == nullptr)
      return invalid_argument("partition_graph: delegate ", d, " is null");
  }
  EDGEQ_RETURN_IF_ERROR(graph.verify());
  EDGEQ_ASSIGN_OR_RETURN(NodeOrder order, node_order(graph));
  const size_t n = order.nodes.size();
  std::vector<int> labels(n);
  std::vector<std::string> reasons(n);
  for (size_t i = 0; i < n; ++i) {
    labels[i] = choose_delegate(graph, *order.nodes[i], delegates, options, &reasons[i]);
  }
  AcyclicGrouping grouping(successor_positions(order), labels);
  grouping.merge_along_edges();

  PartitionPlan plan;
  for (const std::vector<int>& group : grouping.groups()) {
    const DelegateLowering* delegate = delegates[labels[group[0]]];
    Partition partition;
    for (int position : group) partition.nodes.push_back(order.nodes[position]);
    set_boundary(graph, &partition);
    std::string reason;
    if (group.size() < options.min_partition_size) {
      reason = str_cat("in a group of ", group.size(), " node(s) for ", delegate->backend_name(),
                       ", below the minimum partition size ", options.min_partition_size);
    } else if (partition.outputs.empty()) {
      reason = str_cat("in a group for ", delegate->backend_name(), " whose results are unused");
    }
    if (reason.empty()) {
      plan.partitions.push_back(std::move(partition));
      plan.delegates.push_back(delegate);
      continue;
    }
    for (int position : group) {
      labels[position] = kNotDelegated;
      reasons[position] = reason;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (labels[i] != kNotDelegated) continue;
    const ir::Node& node = *order.nodes[i];
    plan.rejected.push_back({node.name(), op_name(node.op()), reasons[i]});
  }

  // Order the partitions as they execute.
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ExecutionStep> steps, execution_order(graph, plan));
  PartitionPlan ordered;
  ordered.rejected = std::move(plan.rejected);
  for (const ExecutionStep& step : steps) {
    if (step.partition < 0) continue;
    ordered.partitions.push_back(std::move(plan.partitions[step.partition]));
    ordered.delegates.push_back(plan.delegates[step.partition]);
  }
  return ordered;
}

Result<std::vector<ExecutionStep>> execution_order(const ir::Graph& graph,
                                                   const PartitionPlan& plan) {
  EDGEQ_ASSIGN_OR_RETURN(NodeOrder order, node_order(graph));
  const int num_nodes = static_cast<int>(order.nodes.size());
  const int num_partitions = static_cast<int>(plan.partitions.size());
  // Steps: one per partition (0..num_partitions-1), then one per node outside every partition.
  std::vector<int> step_of_node(num_nodes, -1);
  std::vector<ExecutionStep> steps;
  for (int p = 0; p < num_partitions; ++p) {
    steps.push_back({p, nullptr});
    if (plan.partitions[p].nodes.empty()) return invalid_argument("partition ", p, " is empty");
    for (const ir::Node* node : plan.partitions[p].nodes) {
      auto found = order.position.find(node);
      if (found == order.position.end()) {
        return invalid_argument("partition ", p, " holds a node that is not in the graph");
      }
      if (step_of_node[found->second] != -1) {
        return invalid_argument(node->description(), " is in more than one partition");
      }
      step_of_node[found->second] = p;
    }
  }
  for (int i = 0; i < num_nodes; ++i) {
    if (step_of_node[i] != -1) continue;
    step_of_node[i] = static_cast<int>(steps.size());
    steps.push_back({-1, order.nodes[i]});
  }
  // Kahn's algorithm on the contracted graph; among ready steps the earliest first node wins.
  const size_t num_steps = steps.size();
  std::vector<int> first_node(num_steps, num_nodes);
  std::vector<int> pending_inputs(num_steps, 0);
  std::vector<std::vector<int>> next_steps(num_steps);
  for (int i = 0; i < num_nodes; ++i) {
    first_node[step_of_node[i]] = std::min(first_node[step_of_node[i]], i);
  }
  const std::vector<std::vector<int>> successors = successor_positions(order);
  for (int i = 0; i < num_nodes; ++i) {
    for (int next : successors[i]) {
      const int from = step_of_node[i];
      const int to = step_of_node[next];
      if (from == to) continue;
      next_steps[from].push_back(to);
      ++pending_inputs[to];
    }
  }
  using Entry = std::pair<int, int>;  // (first node, step)
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> ready;
  for (size_t s = 0; s < num_steps; ++s) {
    if (pending_inputs[s] == 0) ready.push({first_node[s], static_cast<int>(s)});
  }
  std::vector<ExecutionStep> result;
  while (!ready.empty()) {
    const int step = ready.top().second;
    ready.pop();
    result.push_back(steps[step]);
    for (int next : next_steps[step]) {
      if (--pending_inputs[next] == 0) ready.push({first_node[next], next});
    }
  }
  if (result.size() != num_steps) {
    return invalid_argument("the partitions make the contracted graph cyclic (a path leaves a ",
                            "partition and re-enters it)");
  }
  return result;
}

}  // namespace edgeq::partitioner
