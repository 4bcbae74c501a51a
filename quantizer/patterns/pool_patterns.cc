// Average pools (their output range differs from the input's, so each side has its own
// parameters). Max pools share their input's parameters: see pass_through_patterns.cc.
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {
namespace {

Pattern pool_pattern(const std::string& name, OpType op) {
  Pattern pattern;
  pattern.name = name;
  pattern.chain.push_back({{op}, has_f32_output});
  pattern.annotate = [name](const PatternMatch& match, AnnotationContext& ctx) -> Result<bool> {
    if (!has_static_activations(ctx.config)) return false;
    EDGEQ_RETURN_IF_ERROR(claim_match(match, name, ctx));
    set_input_activation(match.first(), 0, ctx);
    set_output_activation(match.first(), ctx);
    return true;
  };
  return pattern;
}

}  // namespace

Status register_pool_patterns(PatternRegistry& registry) {
  EDGEQ_RETURN_IF_ERROR(registry.add(pool_pattern("average_pool", OpType::kAveragePool)));
  return registry.add(pool_pattern("global_average_pool", OpType::kGlobalAveragePool));
}

}  // namespace edgeq::quantizer
