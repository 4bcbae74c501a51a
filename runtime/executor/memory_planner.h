// Memory planning: values whose lifetimes do not overlap share arena bytes (greedy by size, the
// approach of TFLite's arena planner). Used by the program writer for the stored plan and by a
// Method when a changed batch size needs a new plan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace edgeq::runtime {

// Instruction steps during which a buffer must hold its data, inclusive: produced at first_step,
// last read at last_step. Steps are instruction indices.
struct BufferRequest {
  size_t bytes = 0;  // 0: needs no memory (offset 0 is returned, nothing is reserved)
  int first_step = 0;
  int last_step = 0;
};

struct ArenaPlan {
  size_t arena_bytes = 0;
  std::vector<size_t> offsets;  // one per request, multiples of `alignment`
};

// Places every request so that two requests with overlapping step ranges never overlap in memory.
// Deterministic for the same input.
ArenaPlan plan_arena(Span<const BufferRequest> requests, size_t alignment = 64);

// The same requests, each live from the first step to the last one that any request spans, so a
// plan of them gives every buffer its own bytes (no reuse). Used to keep every intermediate value
// of a run readable after it (MethodOptions::keep_intermediate_values).
std::vector<BufferRequest> without_reuse(std::vector<BufferRequest> requests);

// Checks a plan: every request inside the arena and no two live-together requests overlapping.
// The error names the two requests (by index) that collide.
Status check_arena_plan(Span<const BufferRequest> requests, Span<const size_t> offsets,
                        size_t arena_bytes);

// The step range of each value of a program, from the instructions' value indices (negative
// indices, absent inputs, are ignored). Program outputs live to the end (last_step = number of
// instructions). Values that are neither produced nor read get first_step = last_step = -1.
struct InstructionValues {
  Span<const int32_t> inputs;
  Span<const int32_t> outputs;
};
std::vector<BufferRequest> value_lifetimes(size_t num_values,
                                           Span<const InstructionValues> instructions,
                                           Span<const int32_t> program_outputs);

}  // namespace edgeq::runtime
