// Constant folding through the portable kernels (runtime::evaluate_kernel): no op semantics here.
#include <memory>
#include <vector>

#include "ir/passes/passes.h"
#include "ir/shape_inference.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::ir {
namespace {

// DequantizeLinear of constant integer weights is how a QDQ graph states the weights'
// quantization, and a Cast of fp16 constant weights is how it stores them at half size: folding
// either to floats would lose that (and grow the file). The runtime widens both once at init.
bool keep_unfolded(const Node* node) {
  if (node->op() == OpType::kDequantizeLinear) return true;
  const Value* in = node->input(0);
  return node->op() == OpType::kCast && in != nullptr && in->has_type() &&
         in->dtype() == DType::kF16;
}

bool all_inputs_constant(const Node* node) {
  bool any = false;
  for (const Value* in : node->inputs()) {
    if (in == nullptr) continue;
    if (!in->is_constant()) return false;
    any = true;
  }
  return any;
}

// A Shape whose input has a static shape folds whatever the input's data: the kernel sees zeros.
bool is_static_shape_query(const Node* node) {
  const Value* in = node->input(0);
  return node->op() == OpType::kShape && in != nullptr && in->has_type() &&
         !in->has_symbolic_batch();
}

// Evaluates `node` and turns its outputs into constants. False (graph untouched) when the kernel
// is missing or refuses: the node then simply stays for the runtime (which reports any error).
bool fold_node(Graph& graph, Node* node) {
  std::vector<TensorView> inputs;
  std::vector<std::unique_ptr<AlignedBuffer>> placeholders;
  for (const Value* in : node->inputs()) {
    if (in == nullptr) {
      inputs.emplace_back();
      continue;
    }
    TensorView view = in->view();
    if (view.data == nullptr) {
      placeholders.push_back(std::make_unique<AlignedBuffer>(view.nbytes()));
      view.data = placeholders.back()->data();
    }
    inputs.push_back(view);
  }
  auto evaluated = runtime::evaluate_kernel(node->op(), node->attrs(),
                                            Span<const TensorView>(inputs), node->num_outputs());
  if (!evaluated.ok()) return false;
  std::vector<Value*> outputs = node->outputs();
  for (size_t i = 0; i < outputs.size(); ++i) {
    const runtime::EvaluatedOutput& out = evaluated.value()[i];
    graph.make_constant(outputs[i], out.view.dtype, out.view.shape,
                        ConstantData(out.storage, out.view.nbytes()));
  }
  graph.remove_node(node);
  return true;
}

}  // namespace

Status fold_constants(Graph& graph) {
  bool changed = true;
  while (changed) {
    changed = false;
    EDGEQ_ASSIGN_OR_RETURN(std::vector<Node*> order, graph.topological_order());
    for (Node* node : order) {
      const bool foldable = all_inputs_constant(node) || is_static_shape_query(node);
      if (foldable && !keep_unfolded(node) && fold_node(graph, node)) {
        changed = true;
        continue;
      }
      // Types for the nodes below (e.g. a Shape reading this node's output). Best effort: a node
      // waiting for a folded input fails now and is inferred in a later sweep.
      (void)infer_node_shapes(node);
    }
  }
  return Status::Ok();
}

}  // namespace edgeq::ir
