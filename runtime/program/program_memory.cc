#include "runtime/program/program_memory.h"

namespace edgeq::runtime {
namespace {

std::vector<InstructionValues> instruction_values(const Program& program) {
  std::vector<InstructionValues> steps;
  steps.reserve(program.instructions().size());
  for (const ProgramInstruction& instruction : program.instructions()) {
    steps.push_back(
        {Span<const int32_t>(instruction.inputs), Span<const int32_t>(instruction.outputs)});
  }
  return steps;
}

}  // namespace

InitEvaluation init_evaluation(const Program& program) {
  std::vector<bool> kernel_call, constant;
  for (const ProgramInstruction& instruction : program.instructions()) {
    kernel_call.push_back(instruction.kind == InstructionKind::kKernelCall);
  }
  for (const ProgramValue& value : program.values()) constant.push_back(value.is_constant());
  const std::vector<InstructionValues> steps = instruction_values(program);
  return plan_init_evaluation(Span<const InstructionValues>(steps), kernel_call, constant);
}

std::vector<BufferRequest> arena_requests(const Program& program, Span<const TensorView> values) {
  const std::vector<InstructionValues> steps = instruction_values(program);
  std::vector<BufferRequest> requests =
      value_lifetimes(program.values().size(), Span<const InstructionValues>(steps),
                      Span<const int32_t>(program.outputs()));
  std::vector<bool> outside_arena = init_evaluation(program).values;
  for (int32_t input : program.inputs()) outside_arena[input] = true;
  for (size_t i = 0; i < requests.size(); ++i) {
    const bool planned = !outside_arena[i] && !program.values()[i].is_constant();
    requests[i].bytes = planned ? values[i].nbytes() : 0;
  }
  return requests;
}

std::vector<BufferRequest> declared_arena_requests(const Program& program) {
  std::vector<TensorView> views;
  views.reserve(program.values().size());
  for (const ProgramValue& value : program.values()) views.push_back(value.view());
  return arena_requests(program, Span<const TensorView>(views));
}

}  // namespace edgeq::runtime
