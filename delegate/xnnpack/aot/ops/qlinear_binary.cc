// QLinearAdd and QLinearMul as XNNPACK's quantized add and multiply (numpy broadcasting), with
// output_min / output_max as the float output range. XNNPACK 2022's limits, checked here with the
// reference kernels' own parameter derivation (runtime/kernels/requantization.h): add needs each
// input / output scale ratio in [2^-10, 2^8), multiply a_scale * b_scale / c_scale in [2^-16, 2^8).
// With a 4-D (NHWC) output, every non-constant operand must be 4-D and a constant operand a single
// element (a larger one would need an NHWC re-layout of its codes).
#include "delegate/xnnpack/aot/ops/qlinear_util.h"
#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack {
namespace {

constexpr int kB = 3;

struct QBinaryPlan {
  QuantizedOperands operands;
  FloatRange range;
  std::string error;
};

std::string scale_error(const ir::Node& node, const QuantizedOperands& q) {
  const QuantParams& a = q.inputs[0];
  const QuantParams& b = q.inputs[1];
  if (node.op() == OpType::kQLinearAdd) {
    auto add = runtime::make_add_requantization(a.scale, a.zero_point, b.scale, b.zero_point,
                                                q.output.scale);
    return add.ok() ? "" : add.status().message();
  }
  const float scale = runtime::mul_requantization_scale(a.scale, b.scale, q.output.scale);
  if (scale >= 0x1.0p-16f && scale < 0x1.0p+8f) return "";
  return str_cat("A_scale * B_scale / C_scale = ", scale,
                 " outside [2^-16, 2^8) (XNNPACK 2022's multiply range)");
}

std::string layout_error(const ir::Node& node) {
  const bool nhwc_output = node.output(0)->shape().rank() == 4;
  for (int i : {0, kB}) {
    const ir::Value* input = node.input(i);
    if (input->is_constant()) {
      if (nhwc_output && input->shape().numel() != 1) {
        return str_cat("constant input ", i, " ", input->shape().to_string(),
                       " against a 4-D (NHWC) output; only a single element is delegated");
      }
    } else if (nhwc_output != (input->shape().rank() == 4)) {
      return str_cat("input ", i, " of rank ", input->shape().rank(),
                     " cannot broadcast against a ", node.output(0)->shape().rank(),
                     "-D output (4-D values are NHWC inside the delegate)");
    }
  }
  return "";
}

QBinaryPlan plan_qbinary(const ir::Node& node) {
  QBinaryPlan plan;
  plan.operands = quantized_operands(node, {0, kB});
  if (!plan.operands.error.empty()) {
    plan.error = plan.operands.error;
    return plan;
  }
  plan.error = layout_error(node);
  if (plan.error.empty()) plan.error = scale_error(node, plan.operands);
  if (!plan.error.empty()) return plan;
  auto range = node_output_range(node, plan.operands.output);
  if (!range.ok()) {
    plan.error = range.status().message();
    return plan;
  }
  plan.range = *range;
  return plan;
}

SupportDecision supports_qbinary(const ir::Graph&, const ir::Node& node) {
  const QBinaryPlan plan = plan_qbinary(node);
  if (!plan.error.empty()) return unsupported(node, plan.error);
  return SupportDecision::yes();
}

Status lower_qbinary(LoweringContext& context, const ir::Node& node) {
  const QBinaryPlan plan = plan_qbinary(node);
  if (!plan.error.empty()) return invalid_argument(plan.error);
  PayloadNode payload_node;
  payload_node.kind =
      node.op() == OpType::kQLinearAdd ? schema::NodeKind::Add : schema::NodeKind::Multiply;
  for (int i : {0, kB}) {
    EDGEQ_ASSIGN_OR_RETURN(uint32_t id, context.value_id(node.input(i)));
    payload_node.inputs.push_back(id);
  }
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.float_params = {plan.range.min, plan.range.max};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> qlinear_binary_ops() {
  return {{OpType::kQLinearAdd, supports_qbinary, lower_qbinary},
          {OpType::kQLinearMul, supports_qbinary, lower_qbinary}};
}

}  // namespace edgeq::xnnpack
