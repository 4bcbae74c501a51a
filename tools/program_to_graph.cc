#include "tools/program_to_graph.h"

#include <vector>

#include "ir/shape_inference.h"

namespace edgeq::tools {

Result<ir::Graph> program_to_graph(const runtime::Program& program) {
  const std::vector<runtime::ProgramValue>& values = program.values();
  ir::Graph graph;
  std::vector<ir::Value*> by_index(values.size(), nullptr);
  for (size_t i = 0; i < values.size(); ++i) {
    const runtime::ProgramValue& value = values[i];
    if (value.is_constant()) {
      by_index[i] = graph.add_constant(
          value.name, value.dtype, value.shape,
          ir::ConstantData::copy_of(value.constant_data.data(), value.constant_data.size()));
    } else {
      by_index[i] = graph.add_value(value.name, value.dtype, value.shape);
    }
  }
  auto value_at = [&](int32_t index) -> ir::Value* {
    return index < 0 ? nullptr : by_index[static_cast<size_t>(index)];
  };
  for (int32_t index : program.inputs()) {
    ir::Value* input = value_at(index);
    input->set_symbolic_batch(values[static_cast<size_t>(index)].symbolic_batch);
    graph.add_input(input);
  }
  const std::vector<runtime::ProgramInstruction>& instructions = program.instructions();
  for (size_t i = 0; i < instructions.size(); ++i) {
    const runtime::ProgramInstruction& call = instructions[i];
    if (call.kind == runtime::InstructionKind::kDelegateCall) {
      return failed_precondition(
          call.describe(i), " runs on the '", call.backend,
          "' backend, whose ops are inside its payload: export needs a program compiled with "
          "--backend none (or pass --onnx-out to edgeq quantize)");
    }
    std::vector<ir::Value*> inputs, outputs;
    for (int32_t index : call.inputs) inputs.push_back(value_at(index));
    for (int32_t index : call.outputs) outputs.push_back(value_at(index));
    graph.add_node(call.op, call.name, inputs, outputs, call.attributes);
  }
  for (int32_t index : program.outputs()) graph.add_output(value_at(index));
  EDGEQ_RETURN_IF_ERROR(graph.verify());
  // Marks the values computed from a symbolic-batch input (the ONNX outputs keep a "batch" dim).
  EDGEQ_RETURN_IF_ERROR(ir::infer_shapes(graph));
  return graph;
}

}  // namespace edgeq::tools
