// QLinearConv (2-D) as XNNPACK's quantized convolution or depthwise convolution: int8 activations
// with per-tensor int8 weights (qint8, zero point 0) or per-channel weights (qcint8 with a qcint32
// bias), or uint8 activations with per-tensor weights (quint8, any weight zero point; int8 weights
// are re-coded as uint8). The weights must be constant; the bias (input 8) is a constant int32
// [M]. output_min / output_max become the node's float output range. XNNPACK rejects
// requantization multipliers x_scale * w_scale / y_scale >= 256.
#include "delegate/xnnpack/aot/ops/conv_shape.h"
#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

constexpr int kWeights = 3;
constexpr int kBias = 8;

// Everything the lowering needs, or the reason the node is not delegated.
struct QConvPlan {
  ConvShape conv;
  QuantizedOperands operands;
  WeightQuantization weights;
  FloatRange range;
  std::string error;
};

QConvPlan plan_qconv(const ir::Node& node) {
  QConvPlan plan;
  plan.operands = quantized_operands(node, {0});
  if (!plan.operands.error.empty()) {
    plan.error = plan.operands.error;
    return plan;
  }
  const ir::Value* w = node.input(kWeights);
  if (!w->is_constant() || w->shape().rank() != 4 || !is_quantized_8bit(w->dtype())) {
    plan.error = "weights must be a constant 4-D int8/uint8 tensor";
    return plan;
  }
  plan.conv = conv_shape(node, kWeights);
  if (!plan.conv.error.empty()) {
    plan.error = plan.conv.error;
    return plan;
  }
  plan.weights = weight_quantization(node, 4, 5, w->dtype(), plan.conv.out_channels,
                                     plan.operands.inputs[0], plan.operands.output);
  if (!plan.weights.error.empty()) {
    plan.error = plan.weights.error;
    return plan;
  }
  plan.error = bias_error(node, kBias, plan.conv.out_channels);
  if (!plan.error.empty()) return plan;
  auto range = node_output_range(node, plan.operands.output);
  if (!range.ok()) {
    plan.error = range.status().message();
    return plan;
  }
  plan.range = *range;
  return plan;
}

SupportDecision supports_qconv(const ir::Graph&, const ir::Node& node) {
  const QConvPlan plan = plan_qconv(node);
  if (!plan.error.empty()) return unsupported(node, plan.error);
  return SupportDecision::yes();
}

Status lower_qconv(LoweringContext& context, const ir::Node& node) {
  const QConvPlan plan = plan_qconv(node);
  if (!plan.error.empty()) return invalid_argument(plan.error);
  const ir::Value& w = *node.input(kWeights);
  const std::vector<uint8_t> oihw = constant_bytes(w);
  PayloadNode payload_node;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  const uint32_t filter =
      define_weights(context, filter_dims(plan.conv), relayout_filter(oihw.data(), plan.conv),
                     node.input(0)->dtype(), plan.weights, filter_channel_dim(plan.conv));
  const uint32_t bias = define_bias(context, node, kBias, plan.operands.inputs[0], plan.weights);
  payload_node.inputs = {input, filter, bias};
  payload_node.outputs = {context.define_output(node.output(0))};
  set_conv_params(plan.conv, &payload_node);
  payload_node.float_params = {plan.range.min, plan.range.max};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> qlinear_conv_ops() {
  return {{OpType::kQLinearConv, supports_qconv, lower_qconv}};
}

}  // namespace edgeq::xnnpack
