// Concat: one set of parameters for every input and the output (a concat of int8 tensors is then
// a plain copy). Claimed when at least one input is already quantized.
#include <algorithm>

#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {

Status register_concat_patterns(PatternRegistry& registry) {
  Pattern pattern;
  pattern.name = "concat";
  pattern.chain.push_back({{OpType::kConcat}, has_f32_output});
  pattern.annotate = [](const PatternMatch& match, AnnotationContext& ctx) -> Result<bool> {
    const ir::Node& concat = match.first();
    const auto& inputs = concat.inputs();
    const bool any_quantized = std::any_of(inputs.begin(), inputs.end(), [&](const ir::Value* v) {
      return is_quantized_activation(ctx, v);
    });
    if (!has_static_activations(ctx.config) || !any_quantized) return false;
    EDGEQ_RETURN_IF_ERROR(claim_match(match, "concat", ctx));
    NodeAnnotation& record = record_of(concat, ctx);
    for (int i = 0; i < concat.num_inputs(); ++i) {
      record.inputs[i] = SharedSpec{EdgeRef::output(concat.name(), 0)};
    }
    set_output_activation(concat, ctx);
    return true;
  };
  return registry.add(std::move(pattern));
}

}  // namespace edgeq::quantizer
