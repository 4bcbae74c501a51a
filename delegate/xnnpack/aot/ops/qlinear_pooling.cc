// QLinearGlobalAveragePool (NCHW, 2-D) as XNNPACK's quantized global average pooling, with
// output_min / output_max as the float output range; XNNPACK 2022 needs x_scale / y_scale in
// [2^-8, 2^8). QLinearAveragePool stays portable: XNNPACK 2022's average pooling node is f32 only.
#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

struct QPoolPlan {
  FloatRange range;
  std::string error;
};

QPoolPlan plan_qglobal_pool(const ir::Node& node) {
  QPoolPlan plan;
  const QuantizedOperands operands = quantized_operands(node, {0});
  if (!operands.error.empty()) {
    plan.error = operands.error;
    return plan;
  }
  if (node.input(0)->shape().rank() != 4) {
    plan.error = "input must be 4-D";
    return plan;
  }
  auto channels_last = node.attrs().get_int("channels_last", 0);
  if (!channels_last.ok() || *channels_last != 0) {
    plan.error = "channels_last = 1 is not supported";
    return plan;
  }
  const float ratio = operands.inputs[0].scale / operands.output.scale;
  if (!(ratio >= 0x1.0p-8f && ratio < 0x1.0p+8f)) {
    plan.error = str_cat("x_scale / y_scale = ", ratio,
                         " outside [2^-8, 2^8) (XNNPACK 2022's global average pooling range)");
    return plan;
  }
  auto range = node_output_range(node, operands.output);
  if (!range.ok()) {
    plan.error = range.status().message();
    return plan;
  }
  plan.range = *range;
  return plan;
}

SupportDecision supports_qglobal_pool(const ir::Graph&, const ir::Node& node) {
  const QPoolPlan plan = plan_qglobal_pool(node);
  if (!plan.error.empty()) return unsupported(node, plan.error);
  return SupportDecision::yes();
}

Status lower_qglobal_pool(LoweringContext& context, const ir::Node& node) {
  const QPoolPlan plan = plan_qglobal_pool(node);
  if (!plan.error.empty()) return invalid_argument(plan.error);
  PayloadNode pool;
  pool.kind = schema::NodeKind::GlobalAveragePooling2d;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  pool.inputs = {input};
  pool.outputs = {context.define_output(node.output(0))};
  pool.float_params = {plan.range.min, plan.range.max};
  context.add_node(node, std::move(pool), /*has_output_range=*/false);
  return Status::Ok();
}

SupportDecision supports_qaverage_pool(const ir::Graph&, const ir::Node& node) {
  return unsupported(node, "XNNPACK 2022's average pooling node is f32 only");
}

}  // namespace

std::vector<OpLowering> qlinear_pooling_ops() {
  return {{OpType::kQLinearGlobalAveragePool, supports_qglobal_pool, lower_qglobal_pool},
          {OpType::kQLinearAveragePool, supports_qaverage_pool, lower_refused}};
}

}  // namespace edgeq::xnnpack
