// Elementwise unary family.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {

// inputs [x], outputs [y]; float params [output_min, output_max]
Status define_clamp(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 2));
  EDGEQ_RETURN_IF_ERROR(node.expect_broadcast_output(1));
  return node.check(xnn_define_clamp(node.subgraph(), node.float_param(0), node.float_param(1),
                                     node.input(0), node.output(0), node.flags()),
                    "xnn_define_clamp");
}

}  // namespace edgeq::xnnpack
