// The partitioner's notes in a program file: lower_to_program(graph, options) records which nodes
// each delegate call runs and why every other node stayed portable (keys in
// runtime/schema/program.fbs); read_partition_notes() gives them back from a loaded Program, so
// that `edgeq inspect --why` explains a program after the fact.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "partitioner/partition_graph.h"
#include "runtime/core/status.h"
#include "runtime/program/program.h"

namespace edgeq::partitioner {

// Note keys (see runtime/schema/program.fbs), plus "quantized:<node>": the quantized integer
// dtype (i8, u8, i16, i4) node <node> reads or writes, for every such node, delegated or portable.
inline constexpr const char kBackendsNote[] = "partitioner:backends";
inline constexpr const char kDelegatedNotePrefix[] = "delegated:";
inline constexpr const char kPortableNotePrefix[] = "portable:";
inline constexpr const char kQuantizedNotePrefix[] = "quantized:";

struct DelegateCallNodes {
  std::string call;     // the delegate call instruction's name
  std::string backend;  // its backend
  std::vector<std::string> nodes;
};

struct PartitionNotes {
  // False for a program written without the partitioning step (no partitioner notes at all).
  bool present = false;
  std::vector<std::string> backends;     // the delegate backends offered at compile time
  std::vector<DelegateCallNodes> calls;  // in instruction order
  std::vector<RejectedNode> portable;    // in note order (topological); op from the kernel call
  // Nodes that read or write quantized integer tensors -> that dtype's name ("i8", "i16", ...).
  std::map<std::string, std::string> quantized;
  size_t num_delegated_nodes() const;
};

// Reads the notes of `program`. A delegated note naming no delegate call of the program, or a
// portable note naming no kernel call, is a DataLoss error naming the note.
Result<PartitionNotes> read_partition_notes(const runtime::Program& program);

// "delegated 52 of 60 nodes to xnnpack in 3 partitions; 8 portable" (several backends: "to
// xnnpack (40 nodes, 2 partitions) and other (12 nodes, 1 partition)"; none offered: "no delegate
// backend: 60 nodes portable").
std::string partition_summary(const PartitionNotes& notes);

// The dtype name of the quantized integer tensors `node` reads or writes (i8, u8, i16, i4;
// int16 wins, as the one XNNPACK cannot run), or "" for a node without any: the value of its
// "quantized:<node>" note.
std::string quantized_note(const ir::Node& node);

// "12 quantized nodes on xnnpack, 5 portable (int16: 3)"; "" when the program has no quantized
// node.
std::string quantized_summary(const PartitionNotes& notes);

}  // namespace edgeq::partitioner
