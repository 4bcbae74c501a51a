// Relu and Clip: fused into the producer's output range when possible, else a Clamp node.
#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

// Clip's bounds: attributes (opset < 11) or constant inputs 1 and 2 (absent: unbounded).
struct ClampRange {
  float min = kNoMin;
  float max = kNoMax;
  std::string error;
};

ClampRange clamp_range(const ir::Node& node) {
  ClampRange range;
  if (node.op() == OpType::kRelu) {
    range.min = 0.f;
    return range;
  }
  auto min_attr = node.attrs().get_float("min", kNoMin);
  auto max_attr = node.attrs().get_float("max", kNoMax);
  if (!min_attr.ok() || !max_attr.ok()) {
    range.error = "bad min/max attribute";
    return range;
  }
  range.min = *min_attr;
  range.max = *max_attr;
  for (int i = 1; i <= 2; ++i) {
    const ir::Value* bound = node.input(i);
    if (bound == nullptr) continue;
    if (!bound->is_constant() || bound->dtype() != DType::kF32 || bound->shape().numel() != 1) {
      range.error = str_cat("bound input ", i, " must be a constant f32 scalar");
      return range;
    }
    (i == 1 ? range.min : range.max) = constant_floats(*bound)[0];
  }
  if (!(range.min <= range.max)) range.error = "min is greater than max";
  return range;
}

SupportDecision supports_clamp(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32(node, {0});
  if (!f32.supported) return f32;
  const ClampRange range = clamp_range(node);
  if (!range.error.empty()) return unsupported(node, range.error);
  return SupportDecision::yes();
}

Status lower_clamp(LoweringContext& context, const ir::Node& node) {
  const ClampRange range = clamp_range(node);
  if (context.try_fuse_output_range(node.input(0), node.output(0), range.min, range.max)) {
    return Status::Ok();
  }
  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::Clamp;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  payload_node.inputs = {input};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.float_params = {range.min, range.max};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/true);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> clamp_ops() {
  return {{OpType::kRelu, supports_clamp, lower_clamp},
          {OpType::kClip, supports_clamp, lower_clamp}};
}

}  // namespace edgeq::xnnpack
