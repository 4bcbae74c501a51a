// Reshape family.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {

// inputs [x], outputs [y]; no params: the new shape is the output value's dims (so it follows a
// batch change).
Status define_static_reshape(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 0));
  if (node.input(0) >= node.value_count()) return node.error("input is absent");
  const std::vector<size_t>& shape = node.dims(node.output(0));
  size_t input_numel = 1, output_numel = 1;
  for (size_t d : node.dims(node.input(0))) input_numel *= d;
  for (size_t d : shape) output_numel *= d;
  if (input_numel != output_numel) return node.error("input and output sizes differ");
  return node.check(xnn_define_static_reshape(node.subgraph(), shape.size(), shape.data(),
                                              node.input(0), node.output(0), node.flags()),
                    "xnn_define_static_reshape");
}

}  // namespace edgeq::xnnpack
