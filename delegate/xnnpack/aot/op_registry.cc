#include "delegate/xnnpack/aot/op_registry.h"

namespace edgeq::xnnpack {
namespace {

std::vector<OpLowering> all_ops() {
  std::vector<OpLowering> all;
  // One line per family.
  for (auto family :
       {conv_ops, fully_connected_ops, binary_ops, clamp_ops, pooling_ops, reshape_ops,
        unary_ops, softmax_ops, prelu_ops,
        dynamic_quantize_matmul_ops,
        conv_transpose_ops, pad_ops, resize_ops, depth_to_space_ops,
        qlinear_conv_ops, qlinear_matmul_ops, qlinear_binary_ops, qlinear_pooling_ops,
        qlinear_unary_ops, quantize_convert_ops}) {
    for (const OpLowering& entry : family()) all.push_back(entry);
  }
  return all;
}

}  // namespace

const OpLowering* find_op_lowering(OpType op) {
  static const std::vector<OpLowering> ops = all_ops();
  for (const OpLowering& entry : ops) {
    if (entry.op == op) return &entry;
  }
  return nullptr;
}

}  // namespace edgeq::xnnpack
