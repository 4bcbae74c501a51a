#include "ir/passes/passes.h"
#include "ir/shape_inference.h"

namespace edgeq::ir {

Status run_default_passes(Graph& graph, const PassOptions& options) {
  if (options.remove_identity_ops) EDGEQ_RETURN_IF_ERROR(remove_identity_ops(graph));
  if (options.fold_constants) EDGEQ_RETURN_IF_ERROR(fold_constants(graph));
  if (options.fold_batch_norm) EDGEQ_RETURN_IF_ERROR(fold_batch_norm(graph));
  if (options.remove_dead_code) EDGEQ_RETURN_IF_ERROR(remove_dead_code(graph));
  EDGEQ_RETURN_IF_ERROR(infer_shapes(graph));
  return graph.verify();
}

}  // namespace edgeq::ir
