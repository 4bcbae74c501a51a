#include "delegate/xnnpack/aot/ops/unary_util.h"

namespace edgeq::xnnpack {

SupportDecision require_f32_activation_input(const ir::Node& node,
                                             std::initializer_list<int> other_inputs) {
  SupportDecision f32 = require_f32(node, {0});
  if (!f32.supported) return f32;
  f32 = require_f32(node, other_inputs);
  if (!f32.supported) return f32;
  if (input_is_constant(node, 0)) {
    return unsupported(node, "input 0 is a constant (left to constant folding)");
  }
  return SupportDecision::yes();
}

Status lower_unary_node(LoweringContext& context, const ir::Node& node, schema::NodeKind kind,
                        std::vector<float> float_params, std::vector<uint32_t> extra_inputs) {
  PayloadNode payload_node;
  payload_node.kind = kind;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  payload_node.inputs = {input};
  payload_node.inputs.insert(payload_node.inputs.end(), extra_inputs.begin(), extra_inputs.end());
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.float_params = std::move(float_params);
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace edgeq::xnnpack
