// Reshape and Flatten (f32, or int8/uint8 with one quantization on both sides). Inside a partition a 4-D value is NHWC, so a reshape keeps ONNX's (NCHW)
// element order only when each side is either not 4-D or has H = W = 1; otherwise the op is left
// to the portable kernel and the partition ends before it (its input leaves the delegate NCHW).
#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

bool same_order_in_both_layouts(const Shape& shape) {
  return shape.rank() != 4 || shape[2] * shape[3] == 1;
}

SupportDecision supports_reshape(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32_or_quantized(node, {0});
  if (!f32.supported) return f32;
  const ir::Value* input = node.input(0);
  const ir::Value* output = node.output(0);
  if (input->is_constant()) return unsupported(node, "constant input (left to constant folding)");
  for (const ir::Value* value : {input, output}) {
    if (!same_order_in_both_layouts(value->shape())) {
      return unsupported(node, "'", value->name(), "' ", value->shape().to_string(),
                         " is NHWC inside the delegate and H*W > 1 would change the element "
                         "order; left to the portable kernel");
    }
  }
  return SupportDecision::yes();
}

Status lower_reshape(LoweringContext& context, const ir::Node& node) {
  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::StaticReshape;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  payload_node.inputs = {input};
  payload_node.outputs = {context.define_output(node.output(0))};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> reshape_ops() {
  return {{OpType::kReshape, supports_reshape, lower_reshape},
          {OpType::kFlatten, supports_reshape, lower_reshape}};
}

}  // namespace edgeq::xnnpack
