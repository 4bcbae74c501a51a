// Rebuilds an ir::Graph from a program file's kernel calls and constants (the inverse of
// partitioner/lower_to_program for programs without delegate calls), so that a compiled program can
// be exported to ONNX again (edgeq export-onnx).
#pragma once

#include "ir/graph.h"
#include "runtime/core/status.h"
#include "runtime/program/program.h"

namespace edgeq::tools {

// One node per kernel call (same op, name and attributes), one value per program value (constants
// keep their bytes), the program's inputs and outputs. A delegate call is a FailedPrecondition
// naming the instruction and the backend: its ops are inside an opaque payload.
Result<ir::Graph> program_to_graph(const runtime::Program& program);

}  // namespace edgeq::tools
