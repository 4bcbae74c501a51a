// Lowering a whole graph into a program file.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/graph.h"
#include "runtime/core/status.h"

namespace edgeq::partitioner {

// Verifies `graph` (shapes inferred) and writes it as program file bytes: its values (names,
// dtypes, compile-time shapes, the symbolic-batch flag of inputs), its constants, one portable
// kernel call per node in topological order, and its inputs and outputs.
Result<std::vector<uint8_t>> lower_to_program(const ir::Graph& graph);

}  // namespace edgeq::partitioner
