#include "partitioner/partition_notes.h"

#include <map>

namespace edgeq::partitioner {
namespace {

bool starts_with(const std::string& text, const char* prefix, std::string* rest) {
  const std::string p(prefix);
  if (text.compare(0, p.size(), p) != 0) return false;
  *rest = text.substr(p.size());
  return true;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    parts.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

std::string plural(size_t count, const char* noun) {
  return str_cat(count, " ", noun, count == 1 ? "" : "s");
}

}  // namespace

size_t PartitionNotes::num_delegated_nodes() const {
  size_t count = 0;
  for (const DelegateCallNodes& call : calls) count += call.nodes.size();
  return count;
}

Result<PartitionNotes> read_partition_notes(const runtime::Program& program) {
  // Instructions by name: delegate calls (index into notes.calls) and kernel calls (op name).
  PartitionNotes notes;
  std::map<std::string, size_t> call_index;
  std::map<std::string, std::string> kernel_op;
  for (const runtime::ProgramInstruction& instruction : program.instructions()) {
    if (instruction.kind == runtime::InstructionKind::kDelegateCall) {
      call_index.emplace(instruction.name, notes.calls.size());
      notes.calls.push_back({instruction.name, instruction.backend, {}});
    } else {
      kernel_op.emplace(instruction.name, op_name(instruction.op));
    }
  }
  for (const runtime::ProgramNote& note : program.notes()) {
    std::string node;
    if (note.key == kBackendsNote) {
      notes.present = true;
      notes.backends = split_commas(note.value);
    } else if (starts_with(note.key, kDelegatedNotePrefix, &node)) {
      auto found = call_index.find(note.value);
      if (found == call_index.end()) {
        return data_loss("note '", note.key, "' names '", note.value,
                         "', which is no delegate call of the program");
      }
      notes.calls[found->second].nodes.push_back(node);
    } else if (starts_with(note.key, kQuantizedNotePrefix, &node)) {
      notes.quantized[node] = note.value;
    } else if (starts_with(note.key, kPortableNotePrefix, &node)) {
      auto found = kernel_op.find(node);
      if (found == kernel_op.end()) {
        return data_loss("note '", note.key, "' names no kernel call of the program");
      }
      notes.portable.push_back({node, found->second, note.value});
    }
  }
  return notes;
}

std::string partition_summary(const PartitionNotes& notes) {
  const size_t delegated = notes.num_delegated_nodes();
  const size_t total = delegated + notes.portable.size();
  if (notes.backends.empty()) {
    return str_cat("no delegate backend: ", plural(total, "node"), " portable");
  }
  // Per backend, in the order offered: nodes and partitions.
  std::string targets;
  for (const std::string& backend : notes.backends) {
    size_t nodes = 0;
    size_t partitions = 0;
    for (const DelegateCallNodes& call : notes.calls) {
      if (call.backend != backend) continue;
      nodes += call.nodes.size();
      ++partitions;
    }
    if (notes.backends.size() == 1) {
      targets = str_cat(backend, " in ", plural(partitions, "partition"));
    } else {
      targets += str_cat(targets.empty() ? "" : " and ", backend, " (", plural(nodes, "node"), ", ",
                         plural(partitions, "partition"), ")");
    }
  }
  return str_cat("delegated ", delegated, " of ", plural(total, "node"), " to ", targets, "; ",
                 notes.portable.size(), " portable");
}

std::string quantized_note(const ir::Node& node) {
  std::string found;
  for (const auto* list : {&node.inputs(), &node.outputs()}) {
    for (const ir::Value* value : *list) {
      if (value == nullptr || !value->has_type()) continue;
      switch (value->dtype()) {
        case DType::kI16:
          return dtype_name(DType::kI16);
        case DType::kI8:
        case DType::kU8:
        case DType::kI4:
          if (found.empty()) found = dtype_name(value->dtype());
          break;
        default:
          break;
      }
    }
  }
  return found;
}

std::string quantized_summary(const PartitionNotes& notes) {
  if (notes.quantized.empty()) return "";
  size_t portable = 0, portable_int16 = 0;
  for (const RejectedNode& node : notes.portable) {
    auto found = notes.quantized.find(node.node);
    if (found == notes.quantized.end()) continue;
    ++portable;
    portable_int16 += found->second == dtype_name(DType::kI16) ? 1 : 0;
  }
  const size_t delegated = notes.quantized.size() - portable;
  std::string targets;
  for (const std::string& backend : notes.backends)
    targets += (targets.empty() ? "" : "/") + backend;
  return str_cat(plural(delegated, "quantized node"), " on ",
                 targets.empty() ? std::string("a delegate") : targets, ", ", portable,
                 " portable (int16: ", portable_int16, ")");
}

}  // namespace edgeq::partitioner
