#include "runtime/executor/init_evaluation.h"

namespace edgeq::runtime {

InitEvaluation plan_init_evaluation(Span<const InstructionValues> steps,
                                    const std::vector<bool>& kernel_call,
                                    const std::vector<bool>& constant) {
  InitEvaluation plan;
  plan.instructions.assign(steps.size(), false);
  plan.values.assign(constant.size(), false);
  auto known = [&](int32_t v) {
    return v >= 0 && static_cast<size_t>(v) < constant.size() && (constant[v] || plan.values[v]);
  };
  // Instructions are in execution order, so one pass sees every producer before its readers.
  for (size_t i = 0; i < steps.size(); ++i) {
    if (!kernel_call[i]) continue;
    bool any_input = false, all_known = true;
    for (int32_t v : steps[i].inputs) {
      if (v < 0) continue;
      any_input = true;
      all_known = all_known && known(v);
    }
    if (!any_input || !all_known) continue;
    plan.instructions[i] = true;
    for (int32_t v : steps[i].outputs) {
      if (v >= 0 && static_cast<size_t>(v) < constant.size()) plan.values[v] = true;
    }
  }
  return plan;
}

}  // namespace edgeq::runtime
