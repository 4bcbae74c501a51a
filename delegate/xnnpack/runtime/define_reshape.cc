// Reshape family.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {

// inputs [x], outputs [y]; no params: the new shape is the output value's dims (so it follows a
// batch change).
Status define_static_reshape(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 0));
  const std::vector<size_t>& shape = node.dims(node.output(0));
  return node.check(xnn_define_static_reshape(node.subgraph(), shape.size(), shape.data(),
                                              node.input(0), node.output(0), node.flags()),
                    "xnn_define_static_reshape");
}

}  // namespace edgeq::xnnpack
