// Linear layers: Gemm or MatMul with a constant 2-D weight, with an optional fused Relu.
#include "quantizer/patterns/pattern_helpers.h"
#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {
namespace {

bool linear_with_constant_weight(const ir::Node& node) {
  return has_f32_output(node) && is_constant_f32(node.input(1)) &&
         node.input(1)->shape().rank() == 2;
}

// Gemm with transB = 1 keeps its weight as [N, K]; Gemm with transB = 0 and MatMul as [K, N].
// Output features are the per-channel axis, input features the per-group axis.
WeightLayout linear_layout(const ir::Node& node) {
  WeightLayout layout{1, 0, true, true};
  if (node.op() != OpType::kGemm) return layout;
  const Attributes& attrs = node.attrs();
  Result<int64_t> trans_b = attrs.get_int("transB", 0);
  if (trans_b.ok() && *trans_b != 0) layout = {0, 1, true, true};
  Result<float> alpha = attrs.get_float("alpha", 1.0f);
  Result<float> beta = attrs.get_float("beta", 1.0f);
  layout.bias_derivable = alpha.ok() && *alpha == 1.0f && beta.ok() && *beta == 1.0f;
  return layout;
}

Pattern linear_pattern(const std::string& name, bool with_relu) {
  Pattern pattern;
  pattern.name = name;
  pattern.chain.push_back({{OpType::kGemm, OpType::kMatMul}, linear_with_constant_weight});
  if (with_relu) pattern.chain.push_back({{OpType::kRelu}, nullptr, 0});
  pattern.annotate = [name](const PatternMatch& match, AnnotationContext& ctx) {
    return annotate_weighted_chain(match, name, linear_layout(match.first()), ctx);
  };
  return pattern;
}

}  // namespace

Status register_linear_patterns(PatternRegistry& registry) {
  EDGEQ_RETURN_IF_ERROR(registry.add(linear_pattern("linear_relu", true)));
  return registry.add(linear_pattern("linear", false));
}

}  // namespace edgeq::quantizer
