#include "partitioner/program_lowering.h"

namespace edgeq::partitioner {

Result<int32_t> ProgramLowering::value_index(const ir::Value* value) {
  if (value == nullptr) return -1;  // an absent optional input
  auto found = index_of_.find(value);
  if (found != index_of_.end()) return found->second;
  if (!value->has_type()) {
    return invalid_argument("value '", value->name(), "' has no dtype (shape inference not run?)");
  }
  bool symbolic_batch = graph_.is_graph_input(value) && value->has_symbolic_batch();
  int32_t index = builder_.add_value(value->name(), value->dtype(), value->shape(), symbolic_batch);
  if (value->is_constant()) {
    const ir::ConstantData* data = value->constant();
    Status status = builder_.add_constant(index, Span<const uint8_t>(data->data(), data->size()));
    if (!status.ok()) return status.with_context(str_cat("constant '", value->name(), "'"));
  }
  index_of_.emplace(value, index);
  return index;
}

Result<std::vector<int32_t>> ProgramLowering::value_indices(const std::vector<ir::Value*>& values) {
  std::vector<int32_t> indices;
  indices.reserve(values.size());
  for (const ir::Value* value : values) {
    EDGEQ_ASSIGN_OR_RETURN(int32_t index, value_index(value));
    indices.push_back(index);
  }
  return indices;
}

Status ProgramLowering::emit_kernel_call(const ir::Node& node) {
  Result<std::vector<int32_t>> inputs = value_indices(node.inputs());
  if (!inputs.ok()) return inputs.status().with_context(node.description());
  Result<std::vector<int32_t>> outputs = value_indices(node.outputs());
  if (!outputs.ok()) return outputs.status().with_context(node.description());
  Status status = builder_.add_kernel_call(node.op(), node.attrs(), std::move(*inputs),
                                           std::move(*outputs), node.name());
  if (!status.ok()) return status.with_context(node.description());
  return Status::Ok();
}

Status ProgramLowering::emit_delegate_call(const Partition& partition,
                                           const LoweredPartition& lowered,
                                           const std::string& backend, const std::string& name) {
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  for (const ir::Value* input : partition.inputs) {
    Result<int32_t> index = value_index(input);
    if (!index.ok()) return index.status().with_context(str_cat("delegate call '", name, "'"));
    inputs.push_back(*index);
  }
  for (const ir::Value* output : partition.outputs) {
    Result<int32_t> index = value_index(output);
    if (!index.ok()) return index.status().with_context(str_cat("delegate call '", name, "'"));
    outputs.push_back(*index);
  }
  Status status = builder_.add_delegate_call(
      backend, Span<const uint8_t>(lowered.payload.data(), lowered.payload.size()),
      lowered.compile_specs, std::move(inputs), std::move(outputs), name);
  if (!status.ok()) return status.with_context(str_cat("delegate call '", name, "'"));
  return Status::Ok();
}

Result<int32_t> ProgramLowering::output_index(const ir::Value* value) {
  if (!value->is_constant() && !graph_.is_graph_input(value)) return value_index(value);
  EDGEQ_ASSIGN_OR_RETURN(int32_t source, value_index(value));
  int32_t copy = builder_.add_value(value->name(), value->dtype(), value->shape(), false);
  Status status = builder_.add_kernel_call(OpType::kIdentity, Attributes(), {source}, {copy},
                                           value->name() + "_output_copy");
  if (!status.ok()) return status.with_context(str_cat("graph output '", value->name(), "'"));
  return copy;
}

Result<std::vector<uint8_t>> ProgramLowering::finish() {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int32_t> inputs, value_indices(graph_.inputs()));
  std::vector<int32_t> outputs;
  for (const ir::Value* value : graph_.outputs()) {
    EDGEQ_ASSIGN_OR_RETURN(int32_t index, output_index(value));
    outputs.push_back(index);
  }
  builder_.set_inputs(std::move(inputs));
  builder_.set_outputs(std::move(outputs));
  return builder_.finish();
}

}  // namespace edgeq::partitioner
