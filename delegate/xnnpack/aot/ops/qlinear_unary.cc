// QLinearSigmoid as XNNPACK's quantized sigmoid. XNNPACK 2022 fixes the output quantization (scale
// 1/256 with zero point -128 for int8, 0 for uint8) and gives the node no output range, so other
// output parameters and a fused output_min / output_max stay portable. QLinearLeakyRelu stays
// portable: XNNPACK 2022's leaky relu node is f32 only (its quantized leaky relu exists only in
// the operator API).
#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

std::string sigmoid_error(const ir::Node& node) {
  const QuantizedOperands operands = quantized_operands(node, {0});
  if (!operands.error.empty()) return operands.error;
  const QuantParams& out = operands.output;
  const int32_t zero_point = out.dtype == DType::kI8 ? -128 : 0;
  if (out.scale != 0x1.0p-8f || out.zero_point != zero_point) {
    return str_cat("output ", out.scale, " / ", out.zero_point,
                   " (XNNPACK 2022 needs scale 1/256 and zero point ", zero_point, ")");
  }
  auto range = node_output_range(node, out);
  if (!range.ok()) return range.status().message();
  if (range->min != kNoMin || range->max != kNoMax) {
    return "output_min / output_max (XNNPACK 2022's sigmoid node has no output range)";
  }
  return "";
}

SupportDecision supports_qsigmoid(const ir::Graph&, const ir::Node& node) {
  const std::string error = sigmoid_error(node);
  if (!error.empty()) return unsupported(node, error);
  return SupportDecision::yes();
}

Status lower_qsigmoid(LoweringContext& context, const ir::Node& node) {
  const std::string error = sigmoid_error(node);
  if (!error.empty()) return invalid_argument(error);
  PayloadNode sigmoid;
  sigmoid.kind = schema::NodeKind::Sigmoid;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  sigmoid.inputs = {input};
  sigmoid.outputs = {context.define_output(node.output(0))};
  context.add_node(node, std::move(sigmoid), /*has_output_range=*/false);
  return Status::Ok();
}

SupportDecision supports_qleaky_relu(const ir::Graph&, const ir::Node& node) {
  return unsupported(node, "XNNPACK 2022's leaky relu node is f32 only");
}

}  // namespace

std::vector<OpLowering> qlinear_unary_ops() {
  return {{OpType::kQLinearSigmoid, supports_qsigmoid, lower_qsigmoid},
          {OpType::kQLinearLeakyRelu, supports_qleaky_relu, lower_refused}};
}

}  // namespace edgeq::xnnpack
