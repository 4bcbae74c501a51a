// Elementwise binary family (numpy broadcasting, as XNNPACK accepts it).
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {
namespace {

using ClampedBinary = xnn_status (*)(xnn_subgraph_t, float, float, uint32_t, uint32_t, uint32_t,
                                     uint32_t);
using PlainBinary = xnn_status (*)(xnn_subgraph_t, uint32_t, uint32_t, uint32_t, uint32_t);

// inputs [a, b], outputs [y]; float params [output_min, output_max]
Status define_clamped(const NodeDefiner& node, ClampedBinary define, const char* call) {
  EDGEQ_RETURN_IF_ERROR(node.expect(2, 1, 0, 2));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(2));
  return node.check(define(node.subgraph(), node.float_param(0), node.float_param(1), node.input(0),
                           node.input(1), node.output(0), node.flags()),
                    call);
}

// inputs [a, b], outputs [y]; no params
Status define_plain(const NodeDefiner& node, PlainBinary define, const char* call) {
  EDGEQ_RETURN_IF_ERROR(node.expect(2, 1, 0, 0));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(2));
  return node.check(
      define(node.subgraph(), node.input(0), node.input(1), node.output(0), node.flags()), call);
}

}  // namespace

Status define_add(const NodeDefiner& node) {
  return define_clamped(node, xnn_define_add2, "xnn_define_add2");
}
Status define_subtract(const NodeDefiner& node) {
  return define_clamped(node, xnn_define_subtract, "xnn_define_subtract");
}
Status define_multiply(const NodeDefiner& node) {
  return define_clamped(node, xnn_define_multiply2, "xnn_define_multiply2");
}
Status define_divide(const NodeDefiner& node) {
  return define_clamped(node, xnn_define_divide, "xnn_define_divide");
}
Status define_maximum(const NodeDefiner& node) {
  return define_plain(node, xnn_define_maximum2, "xnn_define_maximum2");
}
Status define_minimum(const NodeDefiner& node) {
  return define_plain(node, xnn_define_minimum2, "xnn_define_minimum2");
}

}  // namespace edgeq::xnnpack
