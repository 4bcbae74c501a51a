#include "tests/partitioner/fake_delegate.h"

#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include "partitioner/lower_to_program.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"

namespace edgeq::partitioner::testing {

SupportDecision FakeDelegate::supports(const ir::Graph& /*graph*/, const ir::Node& node) const {
  if (accepts_(node)) return SupportDecision::yes();
  return SupportDecision::no(str_cat(backend_, " does not take ", op_name(node.op())));
}

Result<ir::Graph> partition_subgraph(const Partition& partition) {
  ir::Graph subgraph;
  std::unordered_map<const ir::Value*, ir::Value*> copy_of;
  for (const ir::Value* input : partition.inputs) {
    ir::Value* copy = subgraph.add_value(input->name(), input->dtype(), input->shape());
    subgraph.add_input(copy);
    copy_of[input] = copy;
  }
  for (const ir::Node* node : partition.nodes) {
    std::vector<ir::Value*> inputs;
    for (const ir::Value* input : node->inputs()) {
      if (input == nullptr) {
        inputs.push_back(nullptr);
      } else if (copy_of.count(input) != 0) {
        inputs.push_back(copy_of[input]);
      } else if (input->is_constant()) {
        copy_of[input] = subgraph.add_constant(input->name(), input->dtype(), input->shape(),
                                               *input->constant());
        inputs.push_back(copy_of[input]);
      } else {
        return invalid_argument("partition reads '", input->name(), "', not one of its inputs");
      }
    }
    std::vector<ir::Value*> outputs;
    for (const ir::Value* output : node->outputs()) {
      copy_of[output] = subgraph.add_value(output->name(), output->dtype(), output->shape());
      outputs.push_back(copy_of[output]);
    }
    subgraph.add_node(node->op(), node->name(), inputs, outputs, node->attrs());
  }
  for (const ir::Value* output : partition.outputs) subgraph.add_output(copy_of.at(output));
  return subgraph;
}

Result<LoweredPartition> FakeDelegate::lower(const ir::Graph& /*graph*/,
                                             const Partition& partition) const {
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph subgraph, partition_subgraph(partition));
  LoweredPartition lowered;
  EDGEQ_ASSIGN_OR_RETURN(lowered.payload, lower_to_program(subgraph));
  lowered.compile_specs.push_back({"nodes", std::to_string(partition.nodes.size())});
  return lowered;
}

namespace {

struct SubprogramHandle : runtime::DelegateHandle {
  std::unique_ptr<runtime::Method> method;
};

}  // namespace

Result<runtime::DelegateHandle*> SubprogramBackend::init(const runtime::BackendInitArgs& args) {
  EDGEQ_ASSIGN_OR_RETURN(std::shared_ptr<const runtime::Program> program,
                         runtime::Program::load_buffer(args.payload, args.name));
  auto handle = std::make_unique<SubprogramHandle>();
  EDGEQ_ASSIGN_OR_RETURN(handle->method, runtime::Method::create(std::move(program)));
  if (handle->method->num_inputs() != args.inputs.size() ||
      handle->method->num_outputs() != args.outputs.size()) {
    return invalid_argument(args.name, ": payload has ", handle->method->num_inputs(),
                            " inputs and ", handle->method->num_outputs(), " outputs, the call ",
                            args.inputs.size(), " and ", args.outputs.size());
  }
  return handle.release();
}

Status SubprogramBackend::execute(runtime::DelegateHandle* handle, Span<const TensorView> inputs,
                                  Span<const TensorView> outputs) {
  runtime::Method& method = *static_cast<SubprogramHandle*>(handle)->method;
  for (size_t i = 0; i < inputs.size(); ++i) EDGEQ_RETURN_IF_ERROR(method.set_input(i, inputs[i]));
  EDGEQ_RETURN_IF_ERROR(method.execute());
  for (size_t i = 0; i < outputs.size(); ++i) {
    const TensorView result = method.output(i);
    if (result.shape != outputs[i].shape || result.dtype != outputs[i].dtype) {
      return invalid_argument("subprogram output ", i, " is ", result.shape.to_string(),
                              ", the call's ", outputs[i].shape.to_string());
    }
    const size_t bytes = dtype_storage_bytes(result.dtype, result.shape.numel());
    if (bytes != 0) std::memcpy(outputs[i].data, result.data, bytes);
  }
  return Status::Ok();
}

}  // namespace edgeq::partitioner::testing
