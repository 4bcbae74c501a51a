#include "runtime/program/program_verifier.h"

#include <vector>

#include "runtime/program/file_format.h"
#include "runtime/program/program_memory.h"

namespace edgeq::runtime {
namespace {

// Where each value comes from, filled while walking the instructions in order.
enum class Origin : uint8_t { kNone, kConstant, kProgramInput, kProduced };

std::string value_label(const Program& program, int32_t index) {
  return str_cat("value ", index, " ('", program.values()[index].name, "')");
}

Status check_index(int32_t index, size_t num_values, const char* what) {
  if (index < 0 || static_cast<size_t>(index) >= num_values) {
    return out_of_range(what, " index ", index, " out of range (", num_values, " values)");
  }
  return Status::Ok();
}

Status check_program_inputs(const Program& program, std::vector<Origin>* origins) {
  const size_t n = program.values().size();
  for (size_t i = 0; i < program.inputs().size(); ++i) {
    const int32_t index = program.inputs()[i];
    const Status status = check_index(index, n, "value");
    if (!status.ok()) return status.with_context(str_cat("program input ", i));
    if ((*origins)[index] == Origin::kConstant) {
      return invalid_argument("program input ", i, " is ", value_label(program, index),
                              ", a constant");
    }
    if ((*origins)[index] == Origin::kProgramInput) {
      return invalid_argument("program input ", i, " repeats ", value_label(program, index));
    }
    (*origins)[index] = Origin::kProgramInput;
  }
  for (size_t i = 0; i < n; ++i) {
    if (program.values()[i].symbolic_batch && (*origins)[i] != Origin::kProgramInput) {
      return invalid_argument(value_label(program, static_cast<int32_t>(i)),
                              " has a symbolic batch dimension but is not a program input");
    }
    if (program.values()[i].symbolic_batch && program.values()[i].shape.rank() == 0) {
      return invalid_argument(value_label(program, static_cast<int32_t>(i)),
                              " has a symbolic batch dimension but rank 0");
    }
  }
  return Status::Ok();
}

Status check_instruction(const Program& program, const ProgramInstruction& instruction,
                         std::vector<Origin>* origins) {
  const size_t n = program.values().size();
  if (instruction.kind == InstructionKind::kKernelCall) {
    EDGEQ_RETURN_IF_ERROR(check_arity(instruction.op, static_cast<int>(instruction.inputs.size()),
                                      static_cast<int>(instruction.outputs.size())));
  } else if (instruction.outputs.empty()) {
    return invalid_argument("a delegate call has no outputs");
  }
  for (int32_t index : instruction.inputs) {
    if (index == -1 && instruction.kind == InstructionKind::kKernelCall) continue;  // absent
    EDGEQ_RETURN_IF_ERROR(check_index(index, n, "input"));
    if ((*origins)[index] == Origin::kNone) {
      return invalid_argument("reads ", value_label(program, index),
                              " before any instruction produces it");
    }
  }
  for (int32_t index : instruction.outputs) {
    EDGEQ_RETURN_IF_ERROR(check_index(index, n, "output"));
    switch ((*origins)[index]) {
      case Origin::kNone:
        break;
      case Origin::kConstant:
        return invalid_argument("writes ", value_label(program, index), ", a constant");
      case Origin::kProgramInput:
        return invalid_argument("writes ", value_label(program, index), ", a program input");
      case Origin::kProduced:
        return invalid_argument("writes ", value_label(program, index),
                                ", which an earlier instruction (or this one) already produced");
    }
    (*origins)[index] = Origin::kProduced;
  }
  return Status::Ok();
}

Status check_memory_plan(const Program& program) {
  const MemoryPlan& plan = program.memory_plan();
  const size_t n = program.values().size();
  if (plan.offsets.size() != n) {
    return invalid_argument("memory plan has ", plan.offsets.size(), " offsets for ", n, " values");
  }
  const std::vector<BufferRequest> requests = declared_arena_requests(program);
  const std::vector<bool> computed_at_init = init_evaluation(program).values;
  std::vector<bool> outside_arena(n, false);
  for (int32_t input : program.inputs()) outside_arena[input] = true;
  std::vector<size_t> offsets(n, 0);
  uint64_t planned_total = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t index = static_cast<int32_t>(i);
    if (outside_arena[i] || program.values()[i].is_constant()) {
      if (plan.offsets[i] != -1) {
        return invalid_argument("memory plan gives ", value_label(program, index),
                                " (a constant or program input, outside the arena) offset ",
                                plan.offsets[i]);
      }
      continue;
    }
    // Computed once at init into the Method's own buffers: any offset is unused.
    if (computed_at_init[i]) continue;
    if (plan.offsets[i] < 0) {
      return invalid_argument("memory plan has no arena offset for ", value_label(program, index));
    }
    if (plan.offsets[i] % kDataAlignment != 0) {
      return invalid_argument("memory plan offset ", plan.offsets[i], " of ",
                              value_label(program, index), " is not ", kDataAlignment,
                              "-byte aligned");
    }
    offsets[i] = static_cast<size_t>(plan.offsets[i]);
    planned_total += align_up(requests[i].bytes, kDataAlignment);
  }
  // A valid plan never needs more than the planned values side by side; more is corruption.
  if (plan.arena_bytes > planned_total) {
    return invalid_argument("memory plan arena of ", plan.arena_bytes,
                            " bytes exceeds the planned values' total of ", planned_total);
  }
  const Status status = check_arena_plan(Span<const BufferRequest>(requests),
                                         Span<const size_t>(offsets), plan.arena_bytes);
  return status.ok() ? status : status.with_context("memory plan (buffers are value indices)");
}

}  // namespace

Status verify_program(const Program& program) {
  const size_t n = program.values().size();
  std::vector<Origin> origins(n, Origin::kNone);
  for (size_t i = 0; i < n; ++i) {
    if (program.values()[i].is_constant()) origins[i] = Origin::kConstant;
  }
  EDGEQ_RETURN_IF_ERROR(check_program_inputs(program, &origins));
  const auto& instructions = program.instructions();
  for (size_t i = 0; i < instructions.size(); ++i) {
    const Status status = check_instruction(program, instructions[i], &origins);
    if (!status.ok()) return status.with_context(instructions[i].describe(i));
  }
  for (size_t i = 0; i < n; ++i) {
    if (origins[i] == Origin::kNone) {
      return invalid_argument(value_label(program, static_cast<int32_t>(i)),
                              " is neither a constant, a program input, nor produced by any "
                              "instruction");
    }
  }
  for (size_t i = 0; i < program.outputs().size(); ++i) {
    const int32_t index = program.outputs()[i];
    const Status status = check_index(index, n, "value");
    if (!status.ok()) return status.with_context(str_cat("program output ", i));
    if (origins[index] == Origin::kConstant) {
      return invalid_argument("program output ", i, " is ", value_label(program, index),
                              ", a constant");
    }
  }
  return check_memory_plan(program);
}

}  // namespace edgeq::runtime
