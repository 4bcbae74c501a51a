// Ops that only move, pick or pad values: the output shares the input's parameters, so a
// quantized tensor passes through without requantization. Claimed only when the input is
// already quantized (a lone Reshape between float ops stays float).
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {

Status register_pass_through_patterns(PatternRegistry& registry) {
  Pattern pattern;
  pattern.name = "pass_through";
  pattern.chain.push_back(
      {{OpType::kReshape, OpType::kFlatten, OpType::kTranspose, OpType::kSqueeze,
        OpType::kUnsqueeze, OpType::kPad, OpType::kResize, OpType::kMaxPool, OpType::kGlobalMaxPool,
        OpType::kDepthToSpace, OpType::kSpaceToDepth},
       has_f32_output});
  pattern.annotate = [](const PatternMatch& match, AnnotationContext& ctx) -> Result<bool> {
    const ir::Node& node = match.first();
    if (!has_static_activations(ctx.config) || !is_quantized_activation(ctx, node.input(0))) {
      return false;
    }
    EDGEQ_RETURN_IF_ERROR(claim_match(match, "pass_through", ctx));
    NodeAnnotation& record = record_of(node, ctx);
    set_input_activation(node, 0, ctx);
    record.outputs[0] = SharedSpec{EdgeRef::input(node.name(), 0)};
    return true;
  };
  return registry.add(std::move(pattern));
}

}  // namespace edgeq::quantizer
