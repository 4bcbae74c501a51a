#include "ir/passes/pass_utils.h"

#include <vector>

namespace edgeq::ir {
namespace {

int output_index(const Node* node, const Value* value) {
  for (int i = 0; i < node->num_outputs(); ++i) {
    if (node->output(i) == value) return i;
  }
  return -1;
}

void remove_node_and_outputs(Graph& graph, Node* node) {
  std::vector<Value*> outputs = node->outputs();
  graph.remove_node(node);
  for (Value* out : outputs) {
    if (out != nullptr && out->uses().empty() && !graph.is_graph_output(out)) {
      (void)graph.remove_value(out);  // fails only for values still in use: then they stay
    }
  }
}

}  // namespace

bool bypass_node(Graph& graph, Node* node) {
  Value* in = node->input(0);
  Value* out = node->output(0);
  if (in == nullptr || out == nullptr) return false;
  Node* producer = in->producer();
  const bool input_private = producer != nullptr && in->uses().size() == 1 &&
                             !graph.is_graph_output(in) && !graph.is_graph_input(in);
  if (input_private) {
    // The producer computes `out` directly; `out` keeps its name and consumers.
    graph.remove_node(node);
    graph.replace_node_output(producer, output_index(producer, in), out);
    (void)graph.remove_value(in);
    return true;
  }
  if (graph.is_graph_output(out)) return false;
  graph.replace_all_uses(out, in);
  remove_node_and_outputs(graph, node);
  return true;
}

}  // namespace edgeq::ir
