#include "quantizer/patterns/pattern_helpers.h"

namespace edgeq::quantizer {

bool is_static_integer(const std::optional<QuantizationSpec>& spec) {
  return spec.has_value() && !spec->is_dynamic && spec->dtype != DType::kF16;
}

bool has_static_activations(const QuantizationConfig& config) {
  return is_static_integer(config.input_activation) && is_static_integer(config.output_activation);
}

bool is_constant_f32(const ir::Value* value) {
  return value != nullptr && value->is_constant() && value->dtype() == DType::kF32;
}

bool has_f32_output(const ir::Node& node) {
  return node.num_outputs() > 0 && node.output(0)->dtype() == DType::kF32;
}

bool is_quantized_activation(const AnnotationContext& ctx, const ir::Value* value) {
  if (value == nullptr || value->producer() == nullptr) return false;
  const ir::Node* producer = value->producer();
  for (int i = 0; i < producer->num_outputs(); ++i) {
    if (producer->output(i) != value) continue;
    const EdgeSpec* spec = ctx.annotations.spec(EdgeRef::output(producer->name(), i));
    if (spec == nullptr) return false;
    const auto* q = std::get_if<QuantizationSpec>(spec);
    return q == nullptr || (!q->is_dynamic && q->dtype != DType::kF16);
  }
  return false;
}

Result<FixedSpec> fixed_output_spec(FixedRange range, const QuantizationSpec& activation) {
  const bool unit = range == FixedRange::kUnitInterval;
  switch (activation.dtype) {
    case DType::kI8:
      return unit ? FixedSpec{1.0f / 256, -128, DType::kI8, -128, 127}
                  : FixedSpec{1.0f / 128, 0, DType::kI8, -128, 127};
    case DType::kU8:
      return unit ? FixedSpec{1.0f / 256, 0, DType::kU8, 0, 255}
                  : FixedSpec{1.0f / 128, 128, DType::kU8, 0, 255};
    case DType::kI16:
      return FixedSpec{1.0f / 32768, 0, DType::kI16, -32768, 32767};
    default:
      return unimplemented("no fixed output parameters for activation dtype ",
                           dtype_name(activation.dtype), " (supported: i8, u8, i16)");
  }
}

Status claim_match(const PatternMatch& match, const std::string& pattern, AnnotationContext& ctx) {
  for (const ir::Node* node : match.nodes) {
    EDGEQ_ASSIGN_OR_RETURN(
        NodeAnnotation * record,
        ctx.annotations.claim(node->name(), pattern, node->num_inputs(), node->num_outputs()));
    (void)record;
  }
  return Status::Ok();
}

NodeAnnotation& record_of(const ir::Node& node, AnnotationContext& ctx) {
  return *ctx.annotations.find_mutable(node.name());
}

void set_input_activation(const ir::Node& node, int index, AnnotationContext& ctx) {
  if (node.input(index) == nullptr || !ctx.config.input_activation) return;
  record_of(node, ctx).inputs[index] = *ctx.config.input_activation;
}

void set_output_activation(const ir::Node& node, AnnotationContext& ctx) {
  if (!ctx.config.output_activation) return;
  record_of(node, ctx).outputs[0] = *ctx.config.output_activation;
}

Result<bool> annotate_weighted_chain(const PatternMatch& match, const std::string& pattern,
                                     const WeightLayout& layout, AnnotationContext& ctx) {
  const QuantizationConfig& config = ctx.config;
  if (!config.weight) return false;
  QuantizationSpec weight = *config.weight;
  if (weight.qscheme == QScheme::kPerGroupSymmetric) {
    if (layout.group_axis < 0) return false;
    weight.axis = layout.group_axis;
  } else if (weight.qscheme == QScheme::kPerChannelSymmetric) {
    weight.axis = layout.channel_axis;
  }
  const auto& input = config.input_activation;
  if (input && input->is_dynamic && !layout.allows_dynamic) return false;
  EDGEQ_RETURN_IF_ERROR(claim_match(match, pattern, ctx));
  const ir::Node& op = match.first();
  NodeAnnotation& record = record_of(op, ctx);
  set_input_activation(op, 0, ctx);
  record.inputs[1] = weight;
  const ir::Value* bias = op.input(2);
  const bool integer_weight =
      weight.dtype != DType::kF16 && weight.qscheme != QScheme::kPerGroupSymmetric;
  if (config.quantize_bias && layout.bias_derivable && is_constant_f32(bias) &&
      bias->shape().rank() == 1 && bias->shape()[0] == op.input(1)->shape()[layout.channel_axis] &&
      is_static_integer(input) && integer_weight) {
    record.inputs[2] = DerivedSpec{{EdgeRef::input(op.name(), 0), EdgeRef::input(op.name(), 1)}};
  }
  if (is_static_integer(config.output_activation)) set_output_activation(match.last(), ctx);
  return true;
}

}  // namespace edgeq::quantizer
