// Elementwise unary ops, one XNNPACK node each: Sigmoid, HardSwish, LeakyRelu (alpha finite), Elu
// (alpha positive and normal), Abs, Neg, Floor, Ceil, Sqrt, and Pow with a constant scalar
// exponent of 2 (Square). XNNPACK's unary nodes have no output range, so a following Relu/Clip
// stays a Clamp node.
#include <cmath>

#include "delegate/xnnpack/aot/ops/unary_util.h"

namespace edgeq::xnnpack {
namespace {

struct PlainUnary {
  OpType op;
  schema::NodeKind kind;
};

constexpr PlainUnary kPlainUnaries[] = {
    {OpType::kSigmoid, schema::NodeKind::Sigmoid},
    {OpType::kHardSwish, schema::NodeKind::HardSwish},
    {OpType::kAbs, schema::NodeKind::Abs},
    {OpType::kNeg, schema::NodeKind::Negate},
    {OpType::kFloor, schema::NodeKind::Floor},
    {OpType::kCeil, schema::NodeKind::Ceiling},
    {OpType::kSqrt, schema::NodeKind::SquareRoot},
};

// The payload node an op becomes, or why it cannot.
struct UnaryPlan {
  schema::NodeKind kind = schema::NodeKind::Abs;
  std::vector<float> float_params;
  std::string error;
};

UnaryPlan plan_with_error(std::string error) {
  UnaryPlan plan;
  plan.error = std::move(error);
  return plan;
}

// LeakyRelu's `alpha` (XNNPACK: any finite slope) or Elu's (XNNPACK: positive and normal).
UnaryPlan plan_alpha(const ir::Node& node, schema::NodeKind kind, float fallback) {
  Result<float> alpha = node.attrs().get_float("alpha", fallback);
  if (!alpha.ok()) return plan_with_error(alpha.status().message());
  if (!std::isfinite(*alpha)) return plan_with_error(str_cat("alpha ", *alpha, " is not finite"));
  if (kind == schema::NodeKind::Elu && !(*alpha > 0.f && std::isnormal(*alpha))) {
    return plan_with_error(str_cat("alpha ", *alpha, " is not positive and normal (XNNPACK)"));
  }
  UnaryPlan plan;
  plan.kind = kind;
  plan.float_params = {*alpha};
  return plan;
}

// Reads a one-element f32, i32 or i64 constant into `out`; false for any other value.
bool constant_scalar(const ir::Value& value, double* out) {
  if (!value.is_constant() || value.shape().numel() != 1) return false;
  const ir::ConstantData& data = *value.constant();
  switch (value.dtype()) {
    case DType::kF32:
      *out = data.data_as<float>()[0];
      return true;
    case DType::kI32:
      *out = data.data_as<int32_t>()[0];
      return true;
    case DType::kI64:
      *out = static_cast<double>(data.data_as<int64_t>()[0]);
      return true;
    default:
      return false;
  }
}

UnaryPlan plan_pow(const ir::Node& node) {
  double exponent = 0;
  if (!constant_scalar(*node.input(1), &exponent)) {
    return plan_with_error("the exponent must be a constant f32/i32/i64 scalar");
  }
  if (exponent != 2.0) {
    return plan_with_error(str_cat("exponent ", exponent, " (only 2, as Square, is delegated)"));
  }
  if (node.output(0)->shape() != node.input(0)->shape()) {
    return plan_with_error("the exponent's rank changes the output shape");
  }
  UnaryPlan plan;
  plan.kind = schema::NodeKind::Square;
  return plan;
}

UnaryPlan plan_unary(const ir::Node& node) {
  switch (node.op()) {
    case OpType::kLeakyRelu:
      return plan_alpha(node, schema::NodeKind::LeakyRelu, 0.01f);
    case OpType::kElu:
      return plan_alpha(node, schema::NodeKind::Elu, 1.f);
    case OpType::kPow:
      return plan_pow(node);
    default:
      break;
  }
  for (const PlainUnary& entry : kPlainUnaries) {
    if (entry.op == node.op()) {
      UnaryPlan plan;
      plan.kind = entry.kind;
      return plan;
    }
  }
  return plan_with_error("not an elementwise unary op");  // unreachable: registered ops only
}

SupportDecision supports_unary(const ir::Graph&, const ir::Node& node) {
  SupportDecision input = require_f32_activation_input(node);
  if (!input.supported) return input;
  const UnaryPlan plan = plan_unary(node);
  if (!plan.error.empty()) return unsupported(node, plan.error);
  return SupportDecision::yes();
}

Status lower_unary(LoweringContext& context, const ir::Node& node) {
  UnaryPlan plan = plan_unary(node);
  if (!plan.error.empty()) return invalid_argument(plan.error);
  return lower_unary_node(context, node, plan.kind, std::move(plan.float_params));
}

}  // namespace

std::vector<OpLowering> unary_ops() {
  std::vector<OpLowering> ops = {{OpType::kLeakyRelu, supports_unary, lower_unary},
                                 {OpType::kElu, supports_unary, lower_unary},
                                 {OpType::kPow, supports_unary, lower_unary}};
  for (const PlainUnary& entry : kPlainUnaries)
    ops.push_back({entry.op, supports_unary, lower_unary});
  return ops;
}

}  // namespace edgeq::xnnpack
