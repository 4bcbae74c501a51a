#include "partitioner/lower_to_program.h"

#include "partitioner/program_lowering.h"

namespace edgeq::partitioner {

Result<std::vector<uint8_t>> lower_to_program(const ir::Graph& graph) {
  EDGEQ_RETURN_IF_ERROR(graph.verify());
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Node*> order, graph.topological_order());
  ProgramLowering lowering(graph);
  // Graph inputs first, so that they take the first value indices in their declared order.
  for (const ir::Value* input : graph.inputs()) {
    EDGEQ_RETURN_IF_ERROR(lowering.value_index(input).status());
  }
  for (const ir::Node* node : order) {
    EDGEQ_RETURN_IF_ERROR(lowering.emit_kernel_call(*node));
  }
  return lowering.finish();
}

}  // namespace edgeq::partitioner
