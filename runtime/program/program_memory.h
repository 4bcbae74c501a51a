// What a program's values need from the arena, shared by the loader's check of the stored memory
// plan and a Method's re-planning after a batch change.
#pragma once

#include <vector>

#include "runtime/core/span.h"
#include "runtime/core/tensor.h"
#include "runtime/executor/init_evaluation.h"
#include "runtime/executor/memory_planner.h"
#include "runtime/program/program.h"

namespace edgeq::runtime {

// The instructions a Method of `program` runs once at init, and the values they produce.
InitEvaluation init_evaluation(const Program& program);

// One request per value: its lifetime over the instructions and its bytes for the dtype and shape
// in `values` (one view per value). Constants, program inputs and values computed at init need 0
// bytes: they live outside the arena.
std::vector<BufferRequest> arena_requests(const Program& program, Span<const TensorView> values);

// The same for the declared (compile-time) dtypes and shapes.
std::vector<BufferRequest> declared_arena_requests(const Program& program);

}  // namespace edgeq::runtime
