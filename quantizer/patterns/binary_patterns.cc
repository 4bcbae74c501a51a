// Elementwise Add and Mul with an optional fused Relu: both inputs and the output quantized with
// their own parameters (static activations only).
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {
namespace {

Pattern binary_pattern(const std::string& name, OpType op, bool with_relu) {
  Pattern pattern;
  pattern.name = name;
  pattern.chain.push_back({{op}, has_f32_output});
  if (with_relu) pattern.chain.push_back({{OpType::kRelu}, nullptr, 0});
  pattern.annotate = [name](const PatternMatch& match, AnnotationContext& ctx) -> Result<bool> {
    if (!has_static_activations(ctx.config)) return false;
    EDGEQ_RETURN_IF_ERROR(claim_match(match, name, ctx));
    set_input_activation(match.first(), 0, ctx);
    set_input_activation(match.first(), 1, ctx);
    set_output_activation(match.last(), ctx);
    return true;
  };
  return pattern;
}

}  // namespace

Status register_binary_patterns(PatternRegistry& registry) {
  EDGEQ_RETURN_IF_ERROR(registry.add(binary_pattern("add_relu", OpType::kAdd, true)));
  EDGEQ_RETURN_IF_ERROR(registry.add(binary_pattern("mul_relu", OpType::kMul, true)));
  EDGEQ_RETURN_IF_ERROR(registry.add(binary_pattern("add", OpType::kAdd, false)));
  return registry.add(binary_pattern("mul", OpType::kMul, false));
}

}  // namespace edgeq::quantizer
