#include "runtime/program/program_memory.h"

namespace edgeq::runtime {

std::vector<BufferRequest> arena_requests(const Program& program, Span<const TensorView> values) {
  std::vector<InstructionValues> steps;
  steps.reserve(program.instructions().size());
  for (const ProgramInstruction& instruction : program.instructions()) {
    steps.push_back(
        {Span<const int32_t>(instruction.inputs), Span<const int32_t>(instruction.outputs)});
  }
  std::vector<BufferRequest> requests =
      value_lifetimes(program.values().size(), Span<const InstructionValues>(steps),
                      Span<const int32_t>(program.outputs()));
  std::vector<bool> outside_arena(program.values().size(), false);
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
