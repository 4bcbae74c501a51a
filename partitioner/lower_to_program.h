// Lowering a whole graph into a program file.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/graph.h"
#include "partitioner/delegate_lowering.h"
#include "partitioner/partition_graph.h"
#include "runtime/core/status.h"

namespace edgeq::partitioner {

// Verifies `graph` (shapes inferred) and writes it as program file bytes: its values (names,
// dtypes, compile-time shapes, the symbolic-batch flag of inputs), its constants, one portable
// kernel call per node in topological order, and its inputs and outputs.
Result<std::vector<uint8_t>> lower_to_program(const ir::Graph& graph);

struct LoweringOptions {
  // The delegates to offer nodes to, in order of preference (not owned; empty: all portable).
  std::vector<const DelegateLowering*> delegates;
  PartitionOptions partition;
};

// Like lower_to_program(graph), but partitions the graph for `options.delegates` first: each
// partition becomes one delegate call (payload from its DelegateLowering), the other nodes portable
// kernel calls, all in a topological order of the contracted graph. The program's notes record
// which nodes each delegate call runs and why every other node stayed portable (see the notes
// field in runtime/schema/program.fbs).
Result<std::vector<uint8_t>> lower_to_program(const ir::Graph& graph,
                                              const LoweringOptions& options);

}  // namespace edgeq::partitioner
