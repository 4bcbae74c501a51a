// Elementwise unary family (output dims = input dims): clamp, the activations, rounding and
// arithmetic unary ops, PReLU (per-channel slope) and softmax (over the last dim).
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {
namespace {

using UnaryDefineCall = xnn_status (*)(xnn_subgraph_t subgraph, uint32_t input_id,
                                       uint32_t output_id, uint32_t flags);

// inputs [x], outputs [y] (dims of x); no params.
Status define_plain_unary(const NodeDefiner& node, UnaryDefineCall call, const char* call_name) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 0));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(1));
  return node.check(call(node.subgraph(), node.input(0), node.output(0), node.flags()), call_name);
}

}  // namespace

// inputs [x], outputs [y]; float params [output_min, output_max]
Status define_clamp(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 2));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(1));
  return node.check(xnn_define_clamp(node.subgraph(), node.float_param(0), node.float_param(1),
                                     node.input(0), node.output(0), node.flags()),
                    "xnn_define_clamp");
}

// inputs [x], outputs [y]; float params [negative_slope] (finite)
Status define_leaky_relu(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 1));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(1));
  return node.check(xnn_define_leaky_relu(node.subgraph(), node.float_param(0), node.input(0),
                                          node.output(0), node.flags()),
                    "xnn_define_leaky_relu");
}

// inputs [x], outputs [y]; float params [alpha] (positive and normal)
Status define_elu(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 1));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(1));
  return node.check(xnn_define_elu(node.subgraph(), node.float_param(0), node.input(0),
                                   node.output(0), node.flags()),
                    "xnn_define_elu");
}

// inputs [x (at least 1-D; channels = last dim), slope (a constant of dims [channels])],
// outputs [y (dims of x)]; no params. XNNPACK reads `channels` slope floats when it packs them.
Status define_prelu(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(2, 1, 0, 0));
  if (node.input(0) >= node.value_count() || node.dims(node.input(0)).empty()) {
    return node.error("input must be at least 1-D");
  }
  const std::vector<size_t>& input = node.dims(node.input(0));
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.input(1), {input.back()}, "slope"));
  EDGEQ_RETURN_IF_ERROR(node.expect_constant(node.input(1), "slope"));
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.output(0), input, "output"));
  return node.check(
      xnn_define_prelu(node.subgraph(), node.input(0), node.input(1), node.output(0), node.flags()),
      "xnn_define_prelu");
}

// inputs [x], outputs [y]; no params. Normalises along the last dim.
Status define_softmax(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_softmax, "xnn_define_softmax");
}

// inputs [x], outputs [y]; no params (each of the following).
Status define_sigmoid(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_sigmoid, "xnn_define_sigmoid");
}
Status define_hardswish(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_hardswish, "xnn_define_hardswish");
}
Status define_abs(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_abs, "xnn_define_abs");
}
Status define_negate(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_negate, "xnn_define_negate");
}
Status define_floor(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_floor, "xnn_define_floor");
}
Status define_ceiling(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_ceiling, "xnn_define_ceiling");
}
Status define_square_root(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_square_root, "xnn_define_square_root");
}
Status define_square(const NodeDefiner& node) {
  return define_plain_unary(node, xnn_define_square, "xnn_define_square");
}

}  // namespace edgeq::xnnpack
