#include "partitioner/lower_to_program.h"

#include <string>

#include "partitioner/partition_notes.h"
#include "partitioner/program_lowering.h"

namespace edgeq::partitioner {
namespace {

// Graph inputs first, so that they take the first value indices in their declared order.
Status add_graph_inputs(const ir::Graph& graph, ProgramLowering* lowering) {
  for (const ir::Value* input : graph.inputs()) {
    EDGEQ_RETURN_IF_ERROR(lowering->value_index(input).status());
  }
  return Status::Ok();
}

std::string backend_list(const std::vector<const DelegateLowering*>& delegates) {
  std::string list;
  for (const DelegateLowering* delegate : delegates) {
    list += (list.empty() ? "" : ",") + std::string(delegate->backend_name());
  }
  return list;
}

// A delegate call's instruction name: "<backend>_partition_<index>", made unique against the
// graph's node names (which name the kernel calls).
std::string delegate_call_name(const ir::Graph& graph, const DelegateLowering& delegate,
                               size_t index) {
  const std::string base = str_cat(delegate.backend_name(), "_partition_", index);
  return graph.find_node(base) == nullptr ? base : graph.unique_name(base);
}

// Notes for `edgeq inspect --why`, keys as runtime/schema/program.fbs documents.
Status add_partition_notes(const LoweringOptions& options, const PartitionPlan& plan,
                           const std::vector<std::string>& call_names, ProgramLowering* lowering) {
  EDGEQ_RETURN_IF_ERROR(lowering->add_note(kBackendsNote, backend_list(options.delegates)));
  for (size_t p = 0; p < plan.partitions.size(); ++p) {
    for (const ir::Node* node : plan.partitions[p].nodes) {
      EDGEQ_RETURN_IF_ERROR(lowering->add_note(kDelegatedNotePrefix + node->name(), call_names[p]));
    }
  }
  for (const RejectedNode& rejected : plan.rejected) {
    EDGEQ_RETURN_IF_ERROR(lowering->add_note(kPortableNotePrefix + rejected.node, rejected.reason));
  }
  return Status::Ok();
}

// "quantized:<node>" notes for every node on quantized integer tensors, delegated or not.
Status add_quantized_notes(const ir::Graph& graph, ProgramLowering* lowering) {
  for (const ir::Node* node : graph.nodes()) {
    const std::string dtype = quantized_note(*node);
    if (!dtype.empty()) {
      EDGEQ_RETURN_IF_ERROR(lowering->add_note(kQuantizedNotePrefix + node->name(), dtype));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<uint8_t>> lower_to_program(const ir::Graph& graph) {
  EDGEQ_RETURN_IF_ERROR(graph.verify());
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Node*> order, graph.topological_order());
  ProgramLowering lowering(graph);
  EDGEQ_RETURN_IF_ERROR(add_graph_inputs(graph, &lowering));
  for (const ir::Node* node : order) {
    EDGEQ_RETURN_IF_ERROR(lowering.emit_kernel_call(*node));
  }
  return lowering.finish();
}

Result<std::vector<uint8_t>> lower_to_program(const ir::Graph& graph,
                                              const LoweringOptions& options) {
  EDGEQ_ASSIGN_OR_RETURN(PartitionPlan plan,
                         partition_graph(graph, options.delegates, options.partition));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ExecutionStep> steps, execution_order(graph, plan));
  ProgramLowering lowering(graph);
  EDGEQ_RETURN_IF_ERROR(add_graph_inputs(graph, &lowering));
  std::vector<std::string> call_names;
  for (size_t p = 0; p < plan.partitions.size(); ++p) {
    call_names.push_back(delegate_call_name(graph, *plan.delegates[p], p));
  }
  for (const ExecutionStep& step : steps) {
    if (step.partition < 0) {
      EDGEQ_RETURN_IF_ERROR(lowering.emit_kernel_call(*step.node));
      continue;
    }
    const Partition& partition = plan.partitions[step.partition];
    const DelegateLowering& delegate = *plan.delegates[step.partition];
    const std::string& name = call_names[step.partition];
    Result<LoweredPartition> lowered = delegate.lower(graph, partition);
    if (!lowered.ok()) {
      return lowered.status().with_context(str_cat(delegate.backend_name(), " lowering of '", name,
                                                   "' (first node '",
                                                   partition.nodes.front()->name(), "')"));
    }
    EDGEQ_RETURN_IF_ERROR(
        lowering.emit_delegate_call(partition, *lowered, delegate.backend_name(), name));
  }
  EDGEQ_RETURN_IF_ERROR(add_partition_notes(options, plan, call_names, &lowering));
  EDGEQ_RETURN_IF_ERROR(add_quantized_notes(graph, &lowering));
  return lowering.finish();
}

}  // namespace edgeq::partitioner
