// DepthToSpace as XNNPACK's depth to space. XNNPACK splits the NHWC depth as [b, b, C / b²], which
// is ONNX's DCR mode; CRD mode ([C / b², b, b]) would need a channel shuffle of the run-time input
// and stays portable, as does blocksize 1 (XNNPACK needs at least 2) and int8/uint8 input (the 2022
// node is f32 only).
#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

SupportDecision supports_depth_to_space(const ir::Graph&, const ir::Node& node) {
  if (node.input(0)->dtype() == DType::kI8 || node.input(0)->dtype() == DType::kU8) {
    return unsupported(node, "XNNPACK 2022's depth to space node is f32 only");
  }
  SupportDecision f32 = require_f32(node, {0});
  if (!f32.supported) return f32;
  const ir::Value& input = *node.input(0);
  if (input.is_constant()) return unsupported(node, "constant input (left to constant folding)");
  if (input.shape().rank() != 4) {
    return unsupported(node, "input rank ", input.shape().rank(), " (XNNPACK: 4-D)");
  }
  auto mode = node.attrs().get_string("mode", "DCR");
  if (!mode.ok()) return unsupported(node, mode.status().message());
  if (*mode != "DCR") return unsupported(node, "mode ", *mode, " (XNNPACK implements DCR only)");
  auto block = node.attrs().require_int("blocksize");
  if (!block.ok()) return unsupported(node, block.status().message());
  if (*block < 2) return unsupported(node, "blocksize ", *block, " (XNNPACK: at least 2)");
  if (input.shape()[1] % (*block * *block) != 0) {
    return unsupported(node, "blocksize ", *block, " squared does not divide the ",
                       input.shape()[1], " channels");
  }
  return SupportDecision::yes();
}

Status lower_depth_to_space(LoweringContext& context, const ir::Node& node) {
  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::DepthToSpace;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  EDGEQ_ASSIGN_OR_RETURN(int64_t block, node.attrs().require_int("blocksize"));
  payload_node.inputs = {input};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.int_params = {block};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> depth_to_space_ops() {
  return {{OpType::kDepthToSpace, supports_depth_to_space, lower_depth_to_space}};
}

}  // namespace edgeq::xnnpack
