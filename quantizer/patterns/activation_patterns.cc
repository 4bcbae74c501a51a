// Standalone activations: sigmoid and softmax with fixed [0, 1] output parameters, tanh with fixed
// [-1, 1] ones, and hardswish, leaky relu, relu and clip with an observed output.
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {
namespace {

// `fixed`: the output's fixed range, or nullptr for an observed output.
Pattern activation_pattern(const std::string& name, std::vector<OpType> ops,
                           const FixedRange* fixed) {
  Pattern pattern;
  pattern.name = name;
  pattern.chain.push_back({std::move(ops), has_f32_output});
  std::optional<FixedRange> range;
  if (fixed != nullptr) range = *fixed;
  pattern.annotate = [name, range](const PatternMatch& match,
                                   AnnotationContext& ctx) -> Result<bool> {
    if (!has_static_activations(ctx.config)) return false;
    EDGEQ_RETURN_IF_ERROR(claim_match(match, name, ctx));
    const ir::Node& node = match.first();
    set_input_activation(node, 0, ctx);
    if (!range) {
      set_output_activation(node, ctx);
      return true;
    }
    EDGEQ_ASSIGN_OR_RETURN(FixedSpec spec,
                           fixed_output_spec(*range, *ctx.config.output_activation));
    record_of(node, ctx).outputs[0] = spec;
    return true;
  };
  return pattern;
}

}  // namespace

Status register_activation_patterns(PatternRegistry& registry) {
  const FixedRange unit = FixedRange::kUnitInterval;
  const FixedRange symmetric = FixedRange::kSymmetricUnit;
  EDGEQ_RETURN_IF_ERROR(registry.add(activation_pattern("sigmoid", {OpType::kSigmoid}, &unit)));
  EDGEQ_RETURN_IF_ERROR(registry.add(activation_pattern("softmax", {OpType::kSoftmax}, &unit)));
  EDGEQ_RETURN_IF_ERROR(registry.add(activation_pattern("tanh", {OpType::kTanh}, &symmetric)));
  return registry.add(activation_pattern(
      "activation", {OpType::kHardSwish, OpType::kLeakyRelu, OpType::kRelu, OpType::kClip},
      nullptr));
}

}  // namespace edgeq::quantizer
