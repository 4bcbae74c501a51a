// Identity and inference-mode Dropout removal.
#include <vector>

#include "ir/passes/pass_utils.h"
#include "ir/passes/passes.h"

namespace edgeq::ir {
namespace {

bool is_unused(const Graph& graph, const Value* value) {
  return value == nullptr || (value->uses().empty() && !graph.is_graph_output(value));
}

// A Dropout is the identity unless training_mode (input 2) may be true or its mask is used.
bool is_inference_dropout(const Graph& graph, const Node* node) {
  const Value* training = node->input(2);
  if (training != nullptr) {
    if (!training->is_constant() || training->dtype() != DType::kBool ||
        training->shape().numel() != 1 || training->constant()->data()[0] != 0) {
      return false;
    }
  }
  return node->num_outputs() < 2 || is_unused(graph, node->output(1));
}

}  // namespace

Status remove_identity_ops(Graph& graph) {
  for (Node* node : graph.nodes()) {
    const bool removable = node->op() == OpType::kIdentity ||
                           (node->op() == OpType::kDropout && is_inference_dropout(graph, node));
    if (removable) bypass_node(graph, node);
  }
  return Status::Ok();
}

}  // namespace edgeq::ir
