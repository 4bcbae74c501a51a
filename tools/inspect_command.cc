// edgeq inspect model.eqp [--why]
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "partitioner/partition_notes.h"
#include "runtime/program/program.h"
#include "runtime/program/program_memory.h"
#include "tools/commands.h"
#include "tools/own_kernel_choices.h"
#include "tools/text_format.h"

namespace edgeq::tools {
namespace {

using runtime::InstructionKind;
using runtime::Program;
using runtime::ProgramInstruction;
using runtime::ProgramValue;

std::string describe_value(const ProgramValue& value) {
  std::string text = (value.name.empty() ? "<unnamed>" : value.name) + " " +
                     dtype_name(value.dtype) + value.shape.to_string();
  return value.symbolic_batch ? text + " (batch symbolic)" : text;
}

// "image f32[1, 3, 32, 32], const w f32[16, 3, 3, 3]" for a list of value indices.
std::string describe_values(const Program& program, const std::vector<int32_t>& indices) {
  std::string text;
  for (int32_t index : indices) {
    if (!text.empty()) text += ", ";
    if (index < 0) {
      text += "<absent>";
      continue;
    }
    const ProgramValue& value = program.values()[index];
    text += (value.is_constant() ? "const " : "") + describe_value(value);
  }
  return text;
}

void print_instructions(const Program& program) {
  size_t delegate_calls = 0;
  for (const ProgramInstruction& instruction : program.instructions()) {
    delegate_calls += instruction.kind == InstructionKind::kDelegateCall;
  }
  std::cout << "instructions: " << program.instructions().size() << " ("
            << program.instructions().size() - delegate_calls << " kernel calls, " << delegate_calls
            << " delegate calls)\n";
  const runtime::InitEvaluation init = runtime::init_evaluation(program);
  for (size_t i = 0; i < program.instructions().size(); ++i) {
    const ProgramInstruction& instruction = program.instructions()[i];
    bool is_kernel = instruction.kind == InstructionKind::kKernelCall;
    std::cout << "  " << i << ": "
              << (is_kernel ? op_name(instruction.op) : "delegate " + instruction.backend) << " '"
              << instruction.name << "'" << (init.instructions[i] ? " (runs once at init)" : "")
              << "\n"
              << "      in:  " << describe_values(program, instruction.inputs) << "\n"
              << "      out: " << describe_values(program, instruction.outputs) << "\n";
    if (is_kernel && !instruction.attributes.empty()) {
      std::cout << "      attributes: " << instruction.attributes.to_string() << "\n";
    }
  }
}

void print_delegates(const Program& program) {
  std::vector<const ProgramInstruction*> calls;
  for (const ProgramInstruction& instruction : program.instructions()) {
    if (instruction.kind == InstructionKind::kDelegateCall) calls.push_back(&instruction);
  }
  std::cout << "delegates: " << (calls.empty() ? "none (everything runs on portable kernels)" : "")
            << "\n";
  for (const ProgramInstruction* call : calls) {
    std::cout << "  " << call->backend << " '" << call->name << "': payload "
              << format_bytes(call->payload.size()) << ", " << call->compile_specs.size()
              << " compile specs\n";
  }
}

// --why: the partitions (backend, node count, node names) and every portable node with its reason,
// from the notes the partitioner stored in the program.
Status print_why(const Program& program) {
  EDGEQ_ASSIGN_OR_RETURN(partitioner::PartitionNotes notes,
                         partitioner::read_partition_notes(program));
  if (!notes.present) {
    std::cout << "why: the program has no partitioner notes (it was written without the\n"
                 "partitioning step); every kernel call is portable\n";
    return Status::Ok();
  }
  std::cout << "why: " << partitioner::partition_summary(notes) << "\n";
  const std::string quantized = partitioner::quantized_summary(notes);
  if (!quantized.empty()) std::cout << "quantized: " << quantized << "\n";
  std::cout << "partitions: " << notes.calls.size() << "\n";
  for (const partitioner::DelegateCallNodes& call : notes.calls) {
    std::cout << "  " << call.call << " (" << call.backend << ", " << call.nodes.size()
              << (call.nodes.size() == 1 ? " node" : " nodes") << "):";
    for (size_t i = 0; i < call.nodes.size(); ++i) {
      std::cout << (i == 0 ? " " : ", ") << call.nodes[i];
    }
    std::cout << "\n";
  }
  print_own_kernel_choices(program);
  std::cout << "portable nodes: " << notes.portable.size() << "\n";
  // Kernel calls on constants only (weights stored narrow) run once when a Method is created.
  std::set<std::string> at_init;
  const runtime::InitEvaluation init = runtime::init_evaluation(program);
  for (size_t i = 0; i < init.instructions.size(); ++i) {
    if (init.instructions[i]) at_init.insert(program.instructions()[i].name);
  }
  for (const partitioner::RejectedNode& node : notes.portable) {
    auto dtype = notes.quantized.find(node.node);
    const std::string tag = dtype == notes.quantized.end() ? "" : " [" + dtype->second + "]";
    std::cout << "  " << node.op << " '" << node.node << "'" << tag << ": " << node.reason
              << (at_init.count(node.node) ? " (runs once at init)" : "") << "\n";
  }
  return Status::Ok();
}

// Bytes the activations would take without any reuse, to show what the memory plan saves.
uint64_t activation_bytes(const Program& program) {
  uint64_t total = 0;
  const std::vector<int64_t>& offsets = program.memory_plan().offsets;
  for (size_t i = 0; i < program.values().size() && i < offsets.size(); ++i) {
    if (offsets[i] >= 0) total += program.values()[i].view().nbytes();
  }
  return total;
}

Status inspect(const ParsedArgs& args) {
  EDGEQ_ASSIGN_OR_RETURN(std::shared_ptr<const Program> program,
                         Program::load_file(args.positionals()[0]));
  size_t constants = 0;
  for (const ProgramValue& value : program->values()) constants += value.is_constant();

  std::cout << "program " << program->source() << ": " << format_bytes(program->file_bytes())
            << ", format version " << program->format_version() << "\n";
  std::cout << "inputs:\n";
  for (int32_t index : program->inputs()) {
    std::cout << "  " << describe_value(program->values()[index]) << "\n";
  }
  std::cout << "outputs:\n";
  for (int32_t index : program->outputs()) {
    std::cout << "  " << describe_value(program->values()[index]) << "\n";
  }
  std::cout << "values: " << program->values().size() << " (" << constants << " constants, "
            << format_bytes(program->constant_bytes()) << " of constant data)\n";
  print_instructions(*program);
  print_delegates(*program);
  std::cout << "memory plan: arena " << format_bytes(program->memory_plan().arena_bytes) << " for "
            << format_bytes(activation_bytes(*program))
            << " of activations at the compile-time shapes\n";
  if (args.has("--why")) return print_why(*program);
  return Status::Ok();
}

}  // namespace

CommandSpec make_inspect_command() {
  CommandSpec spec;
  spec.name = "inspect";
  spec.summary = "Describe a program file: inputs, outputs, values, instructions, memory plan.";
  spec.positionals = {"model.eqp"};
  spec.flags = {
      {"--why", "", FlagKind::kSwitch, "", false,
       "also list the partitions (backend, nodes) and why each other node stayed portable"},
  };
  spec.details =
      "The file is fully verified first, as the runtime does before running it. Each instruction\n"
      "shows its op (or delegate backend), node name, and the dtypes and shapes it reads and\n"
      "writes ('const' marks constants). --why reads the notes 'edgeq compile' stores in the\n"
      "program: which nodes each delegate call runs, and each portable node's reason (the\n"
      "delegate's answer, --portable-ops, or a group below --min-partition-size). Nodes on\n"
      "quantized integer tensors are counted (delegated vs portable, and how many of the portable\n"
      "ones are int16, which XNNPACK 2022 cannot run) and each portable one is tagged with its\n"
      "dtype, e.g. [i16].";
  spec.run = inspect;
  return spec;
}

}  // namespace edgeq::tools
