// Conv (2-D): regular and grouped convolution (weights OIHW -> OHWI) and depthwise convolution
// (group == input channels, weights -> 1HWO).
#include "delegate/xnnpack/aot/ops/conv_shape.h"

namespace edgeq::xnnpack {
namespace {

SupportDecision supports_conv(const ir::Graph&, const ir::Node& node) {
  SupportDecision operands = require_conv_operands(node);
  if (!operands.supported) return operands;
  const ConvShape conv = conv_shape(node, 1);
  if (!conv.error.empty()) return unsupported(node, conv.error);
  return SupportDecision::yes();
}

Status lower_conv(LoweringContext& context, const ir::Node& node) {
  const ConvShape conv = conv_shape(node, 1);
  if (!conv.error.empty()) return invalid_argument(conv.error);
  PayloadNode payload_node;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  const uint32_t filter = context.define_constant(
      filter_dims(conv), relayout_filter(constant_floats(*node.input(1)).data(), conv));
  uint32_t bias = kNoValue;
  if (node.input(2) != nullptr) {
    EDGEQ_ASSIGN_OR_RETURN(bias, context.value_id(node.input(2)));
  }
  payload_node.inputs = {input, filter, bias};
  payload_node.outputs = {context.define_output(node.output(0))};
  set_conv_params(conv, &payload_node);
  payload_node.float_params = {kNoMin, kNoMax};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/true);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> conv_ops() { return {{OpType::kConv, supports_conv, lower_conv}}; }

}  // namespace edgeq::xnnpack
