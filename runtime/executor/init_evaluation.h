// Which instructions a Method runs once, when it is created, instead of on every execute():
// portable kernel calls whose present inputs are all constants or outputs of such calls. In a
// compiled program these are the nodes that widen narrow stored weights (Cast of fp16 constants,
// DequantizeLinear of int8/int4 constants), which constant folding deliberately leaves in the
// graph so that the file keeps the narrow data. Their outputs live in Method-owned buffers for the
// Method's lifetime and get no bytes in any arena plan (the stored one included), so nothing
// overwrites them between runs. Delegate calls are never run at init.
#pragma once

#include <vector>

#include "runtime/core/span.h"
#include "runtime/executor/memory_planner.h"

namespace edgeq::runtime {

struct InitEvaluation {
  std::vector<bool> instructions;  // per instruction: runs once at init
  std::vector<bool> values;        // per value: an output of such an instruction
};

// `steps[i]` lists instruction i's value indices (negative: absent input); `kernel_call[i]` is
// false for a delegate call; `constant[v]` tells whether value v is a stored constant.
InitEvaluation plan_init_evaluation(Span<const InstructionValues> steps,
                                    const std::vector<bool>& kernel_call,
                                    const std::vector<bool>& constant);

}  // namespace edgeq::runtime
