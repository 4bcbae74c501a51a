// Add, Sub, Mul, Div, Max, Min (two inputs) with the numpy broadcasting XNNPACK accepts. With a
// 4-D (NHWC) output, a constant operand is padded to 4-D and re-laid NHWC ahead of time; a
// non-constant operand must then be 4-D itself.
#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

struct BinaryKind {
  OpType op;
  schema::NodeKind kind;
  bool has_output_range;
};

constexpr BinaryKind kBinaryKinds[] = {
    {OpType::kAdd, schema::NodeKind::Add, true},
    {OpType::kSub, schema::NodeKind::Subtract, true},
    {OpType::kMul, schema::NodeKind::Multiply, true},
    {OpType::kDiv, schema::NodeKind::Divide, true},
    {OpType::kMax, schema::NodeKind::Maximum, false},
    {OpType::kMin, schema::NodeKind::Minimum, false},
};

const BinaryKind& binary_kind(OpType op) {
  for (const BinaryKind& kind : kBinaryKinds) {
    if (kind.op == op) return kind;
  }
  return kBinaryKinds[0];  // unreachable: only registered for the ops above
}

SupportDecision supports_binary(const ir::Graph&, const ir::Node& node) {
  if (node.num_inputs() != 2) return unsupported(node, node.num_inputs(), " inputs (XNNPACK: 2)");
  SupportDecision f32 = require_f32(node, {0, 1});
  if (!f32.supported) return f32;
  if (input_is_constant(node, 0) && input_is_constant(node, 1)) {
    return unsupported(node, "both inputs are constant (left to constant folding)");
  }
  const bool nhwc_output = node.output(0)->shape().rank() == 4;
  for (int i = 0; i < 2; ++i) {
    const ir::Value* input = node.input(i);
    if (input->is_constant()) continue;
    if (nhwc_output != (input->shape().rank() == 4)) {
      return unsupported(node, "input ", i, " of rank ", input->shape().rank(),
                         " cannot broadcast against a ", node.output(0)->shape().rank(),
                         "-D output (4-D values are NHWC inside the delegate)");
    }
  }
  return SupportDecision::yes();
}

// A constant operand of a 4-D (NHWC) binary op: padded to 4-D with leading ones, then NCHW -> NHWC.
uint32_t nhwc_constant(LoweringContext& context, const ir::Value& value) {
  Shape shape = value.shape();
  Shape padded;
  for (int d = shape.rank(); d < 4; ++d) padded.push_back(1);
  for (int64_t d : shape) padded.push_back(d);
  const std::vector<float> nchw = constant_floats(value);
  const int64_t N = padded[0], C = padded[1], H = padded[2], W = padded[3];
  std::vector<float> nhwc(nchw.size());
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t c = 0; c < C; ++c) {
      for (int64_t hw = 0; hw < H * W; ++hw)
        nhwc[(n * H * W + hw) * C + c] = nchw[(n * C + c) * H * W + hw];
    }
  }
  return context.define_constant(xnn_dims(padded, true), nhwc);
}

Status lower_binary(LoweringContext& context, const ir::Node& node) {
  const BinaryKind& kind = binary_kind(node.op());
  const bool nhwc_output = node.output(0)->shape().rank() == 4;
  PayloadNode payload_node;
  payload_node.kind = kind.kind;
  for (int i = 0; i < 2; ++i) {
    const ir::Value* input = node.input(i);
    if (nhwc_output && input->is_constant()) {
      payload_node.inputs.push_back(nhwc_constant(context, *input));
    } else {
      EDGEQ_ASSIGN_OR_RETURN(uint32_t id, context.value_id(input));
      payload_node.inputs.push_back(id);
    }
  }
  payload_node.outputs = {context.define_output(node.output(0))};
  if (kind.has_output_range) payload_node.float_params = {kNoMin, kNoMax};
  context.add_node(node, std::move(payload_node), kind.has_output_range);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> binary_ops() {
  std::vector<OpLowering> ops;
  for (const BinaryKind& kind : kBinaryKinds)
    ops.push_back({kind.op, supports_binary, lower_binary});
  return ops;
}

}  // namespace edgeq::xnnpack
