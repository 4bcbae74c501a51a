// Linear layers: Gemm or MatMul with a constant 2-D weight, with an optional fused Relu; also
// MatMul + Add(constant bias), PyTorch's export of a Linear layer on inputs of rank > 2.
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

// An Add with one constant 1-D f32 input (a bias candidate).
bool is_bias_add(const ir::Node& node) {
  if (!has_f32_output(node)) return false;
  for (const ir::Value* input : node.inputs()) {
    if (is_constant_f32(input) && input->shape().rank() == 1) return true;
  }
  return false;
}

// linear_bias(_relu): [Gemm without C | MatMul] -> Add(bias) (-> Relu). The Add's constant
// becomes an int32 bias like Gemm's C when the layer is statically quantized.
Pattern linear_bias_pattern(const std::string& name, bool with_relu) {
  Pattern pattern;
  pattern.name = name;
  pattern.chain.push_back({{OpType::kGemm, OpType::kMatMul}, linear_with_constant_weight});
  pattern.chain.push_back({{OpType::kAdd}, is_bias_add, -1});
  if (with_relu) pattern.chain.push_back({{OpType::kRelu}, nullptr, 0});
  pattern.annotate = [name](const PatternMatch& match, AnnotationContext& ctx) -> Result<bool> {
    const ir::Node& linear = match.first();
    const ir::Node& add = *match.nodes[1];
    const int bias_index = add.input(0) == linear.output(0) ? 1 : 0;
    const ir::Value* bias = add.input(bias_index);
    if (linear.input(2) != nullptr || !is_constant_f32(bias)) return false;
    const WeightLayout layout = linear_layout(linear);
    EDGEQ_ASSIGN_OR_RETURN(bool claimed, annotate_weighted_chain(match, name, layout, ctx));
    if (!claimed) return false;
    const auto& weight = std::get<QuantizationSpec>(*record_of(linear, ctx).inputs[1]);
    const bool integer_weight =
        weight.dtype != DType::kF16 && weight.qscheme != QScheme::kPerGroupSymmetric;
    const int64_t features = linear.input(1)->shape()[layout.channel_axis];
    if (ctx.config.quantize_bias && layout.bias_derivable && integer_weight &&
        is_static_integer(ctx.config.input_activation) && bias->shape()[0] == features) {
      record_of(add, ctx).inputs[bias_index] =
          DerivedSpec{{EdgeRef::input(linear.name(), 0), EdgeRef::input(linear.name(), 1)}};
    }
    return true;
  };
  return pattern;
}

}  // namespace

Status register_linear_patterns(PatternRegistry& registry) {
  EDGEQ_RETURN_IF_ERROR(registry.add(linear_bias_pattern("linear_bias_relu", true)));
  EDGEQ_RETURN_IF_ERROR(registry.add(linear_bias_pattern("linear_bias", false)));
  EDGEQ_RETURN_IF_ERROR(registry.add(linear_pattern("linear_relu", true)));
  return registry.add(linear_pattern("linear", false));
}

}  // namespace edgeq::quantizer
