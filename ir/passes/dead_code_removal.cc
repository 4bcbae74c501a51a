// Dead-code removal: nodes that no graph output depends on, and values nothing refers to.
#include <unordered_set>
#include <vector>

#include "ir/passes/passes.h"

namespace edgeq::ir {

Status remove_dead_code(Graph& graph) {
  std::unordered_set<const Node*> live;
  std::vector<const Value*> pending(graph.outputs().begin(), graph.outputs().end());
  while (!pending.empty()) {
    const Value* value = pending.back();
    pending.pop_back();
    const Node* producer = value->producer();
    if (producer == nullptr || !live.insert(producer).second) continue;
    for (const Value* in : producer->inputs()) {
      if (in != nullptr) pending.push_back(in);
    }
  }
  for (Node* node : graph.nodes()) {
    if (live.count(node) == 0) graph.remove_node(node);
  }
  for (Value* value : graph.values()) {
    if (value->producer() == nullptr && value->uses().empty() && !graph.is_graph_input(value) &&
        !graph.is_graph_output(value)) {
      EDGEQ_RETURN_IF_ERROR(graph.remove_value(value));
    }
  }
  return Status::Ok();
}

}  // namespace edgeq::ir
