// Convert: f32 <-> qint8 / quint8 (XNNPACK 2022 also has f32 <-> f16), elementwise.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {

// inputs [x], outputs [y (dims of x)]; no params. The datatypes of x and y select the conversion
// (XNNPACK rejects pairs it does not convert).
Status define_convert(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 0));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(1));
  return node.check(
      xnn_define_convert(node.subgraph(), node.input(0), node.output(0), node.flags()),
      "xnn_define_convert");
}

}  // namespace edgeq::xnnpack
