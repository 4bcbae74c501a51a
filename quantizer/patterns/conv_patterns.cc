// Conv (BatchNorm already folded into it) with an optional fused Relu or Clip (relu6).
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {
namespace {

bool conv_with_constant_weight(const ir::Node& node) {
  return has_f32_output(node) && is_constant_f32(node.input(1)) &&
         node.input(1)->shape().rank() >= 3;
}

// Conv weights are [M, C/group, k...]: output channels on axis 0; no per-group scheme.
constexpr WeightLayout kConvLayout{0, -1, false, true};

Pattern conv_pattern(const std::string& name, std::vector<OpType> fused) {
  Pattern pattern;
  pattern.name = name;
  pattern.chain.push_back({{OpType::kConv}, conv_with_constant_weight});
  if (!fused.empty()) pattern.chain.push_back({fused, nullptr, 0});
  pattern.annotate = [name](const PatternMatch& match, AnnotationContext& ctx) {
    return annotate_weighted_chain(match, name, kConvLayout, ctx);
  };
  return pattern;
}

}  // namespace

Status register_conv_patterns(PatternRegistry& registry) {
  EDGEQ_RETURN_IF_ERROR(registry.add(conv_pattern("conv_relu", {OpType::kRelu})));
  EDGEQ_RETURN_IF_ERROR(registry.add(conv_pattern("conv_clip", {OpType::kClip})));
  return registry.add(conv_pattern("conv", {}));
}

}  // namespace edgeq::quantizer
