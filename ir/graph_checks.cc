// Graph::topological_order and Graph::verify: the structural checks of the IR.
#include <algorithm>
#include <functional>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "ir/graph.h"

namespace edgeq::ir {
namespace {

// Follows producers from `start` (a node left over by Kahn's algorithm, so it waits on another
// left-over node) until a node repeats: that node lies on a cycle.
const Node* node_on_cycle(const Node* start, const std::unordered_set<const Node*>& left_over) {
  std::unordered_set<const Node*> seen;
  const Node* node = start;
  while (seen.insert(node).second) {
    for (const Value* in : node->inputs()) {
      if (in != nullptr && in->producer() != nullptr && left_over.count(in->producer())) {
        node = in->producer();
        break;
      }
    }
  }
  return node;
}

Status check_value_inputs(const Graph& graph, const Node* node) {
  const OpArity& arity = op_arity(node->op());
  for (int i = 0; i < node->num_inputs(); ++i) {
    const Value* in = node->input(i);
    if (in == nullptr) {
      if (i < arity.min_inputs) {
        return invalid_argument(node->description(), ": required input ", i, " is absent");
      }
      continue;
    }
    if (graph.find_value(in->name()) != in) {
      return invalid_argument(node->description(), ": input '", in->name(),
                              "' does not belong to the graph");
    }
    if (in->producer() == nullptr && !in->is_constant() && !graph.is_graph_input(in)) {
      return invalid_argument(node->description(), ": input '", in->name(),
                              "' is neither produced by a node, a graph input nor a constant");
    }
    const auto& uses = in->uses();
    bool recorded = std::any_of(uses.begin(), uses.end(),
                                [&](const Use& u) { return u.node == node && u.input_index == i; });
    if (!recorded) {
      return internal_error(node->description(), ": input '", in->name(),
                            "' does not list the node among its uses");
    }
  }
  return Status::Ok();
}

Status check_node_outputs(const Graph& graph, const Node* node) {
  for (const Value* out : node->outputs()) {
    if (out == nullptr) return invalid_argument(node->description(), ": an output is missing");
    if (graph.find_value(out->name()) != out) {
      return invalid_argument(node->description(), ": output '", out->name(),
                              "' does not belong to the graph");
    }
    if (out->producer() != node) {
      return invalid_argument(node->description(), ": output '", out->name(),
                              "' has another producer");
    }
    if (out->is_constant() || graph.is_graph_input(out)) {
      return invalid_argument(node->description(), ": output '", out->name(),
                              "' is also a constant or graph input");
    }
  }
  return Status::Ok();
}

Status check_value(const Graph& graph, const Value* value) {
  for (const Use& use : value->uses()) {
    if (graph.find_node(use.node->name()) != use.node ||
        use.node->input(use.input_index) != value) {
      return internal_error("value '", value->name(), "' lists a stale use");
    }
  }
  if (const ConstantData* data = value->constant()) {
    size_t expected =
        dtype_storage_bytes(value->dtype(), static_cast<size_t>(value->shape().numel()));
    if (!value->has_type() || data->size() != expected) {
      return invalid_argument("constant '", value->name(), "' holds ", data->size(), " bytes; ",
                              dtype_name(value->dtype()), value->shape().to_string(), " needs ",
                              expected);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Node*>> Graph::topological_order() const {
  std::unordered_map<const Node*, size_t> index;
  for (size_t i = 0; i < nodes_.size(); ++i) index[nodes_[i].get()] = i;
  std::vector<int> pending(nodes_.size(), 0);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (const Value* in : nodes_[i]->inputs()) {
      if (in != nullptr && in->producer() != nullptr && index.count(in->producer())) ++pending[i];
    }
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<size_t>> ready;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (pending[i] == 0) ready.push(i);
  }
  std::vector<Node*> order;
  order.reserve(nodes_.size());
  while (!ready.empty()) {
    Node* node = nodes_[ready.top()].get();
    ready.pop();
    order.push_back(node);
    for (const Value* out : node->outputs()) {
      if (out == nullptr || out->producer() != node) continue;
      for (const Use& use : out->uses()) {
        size_t consumer = index.at(use.node);
        if (--pending[consumer] == 0) ready.push(consumer);
      }
    }
  }
  if (order.size() != nodes_.size()) {
    std::unordered_set<const Node*> left_over;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (pending[i] > 0) left_over.insert(nodes_[i].get());
    }
    const Node* first = nullptr;
    for (const auto& n : nodes_) {
      if (left_over.count(n.get())) {
        first = n.get();
        break;
      }
    }
    return invalid_argument("the graph has a cycle through ",
                            node_on_cycle(first, left_over)->description());
  }
  return order;
}

Status Graph::verify() const {
  for (const auto& node : nodes_) {
    Status arity = check_arity(node->op(), node->num_inputs(), node->num_outputs());
    if (!arity.ok()) return arity.with_context(node->description());
    if (find_node(node->name()) != node.get()) {
      return invalid_argument(node->description(), ": name is not unique in the graph");
    }
    EDGEQ_RETURN_IF_ERROR(check_value_inputs(*this, node.get()));
    EDGEQ_RETURN_IF_ERROR(check_node_outputs(*this, node.get()));
  }
  for (const auto& value : values_) {
    if (find_value(value->name()) != value.get()) {
      return invalid_argument("value name '", value->name(), "' is not unique in the graph");
    }
    EDGEQ_RETURN_IF_ERROR(check_value(*this, value.get()));
  }
  for (const Value* in : inputs_) {
    if (in->producer() != nullptr || in->is_constant()) {
      return invalid_argument("graph input '", in->name(), "' is produced by a node or constant");
    }
  }
  for (const Value* out : outputs_) {
    if (out == nullptr || find_value(out->name()) != out) {
      return invalid_argument("a graph output does not belong to the graph");
    }
    if (out->producer() == nullptr && !out->is_constant() && !is_graph_input(out)) {
      return invalid_argument("graph output '", out->name(), "' is never computed");
    }
  }
  return topological_order().status();
}

}  // namespace edgeq::ir
