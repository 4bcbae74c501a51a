#include "ir/shape_inference.h"

#include <memory>
#include <vector>

#include "runtime/kernels/kernel.h"

namespace edgeq::ir {

Status infer_node_shapes(Node* node) {
  std::vector<TensorView> inputs;
  inputs.reserve(node->num_inputs());
  bool symbolic_batch = false;
  for (int i = 0; i < node->num_inputs(); ++i) {
    const Value* in = node->input(i);
    if (in == nullptr) {
      inputs.emplace_back();
      continue;
    }
    if (!in->has_type()) {
      return invalid_argument(node->description(), ": input '", in->name(),
                              "' has no known dtype and shape");
    }
    symbolic_batch = symbolic_batch || in->has_symbolic_batch();
    inputs.push_back(in->view());
  }
  Result<std::unique_ptr<runtime::Kernel>> kernel = runtime::create_portable_kernel(node->op());
  if (!kernel.ok()) return kernel.status().with_context(node->description());
  std::vector<TensorView> outputs(node->num_outputs());
  Status prepared =
      (*kernel)->prepare(node->attrs(), Span<const TensorView>(inputs), Span<TensorView>(outputs));
  if (!prepared.ok()) return prepared.with_context(node->description());
  for (int i = 0; i < node->num_outputs(); ++i) {
    Value* out = node->output(i);
    if (out == nullptr || out->is_constant()) continue;
    out->set_type(outputs[i].dtype, outputs[i].shape);
    out->set_symbolic_batch(symbolic_batch);
  }
  return Status::Ok();
}

Status infer_shapes(Graph& graph) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<Node*> order, graph.topological_order());
  for (Node* node : order) EDGEQ_RETURN_IF_ERROR(infer_node_shapes(node));
  return Status::Ok();
}

}  // namespace edgeq::ir
