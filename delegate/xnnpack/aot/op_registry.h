// The op families the XNNPACK delegate lowers. Each family lives in aot/ops/<family>.cc and
// contributes, per ONNX op, its support check and its lowering; op_registry.cc lists the families.
#pragma once

#include <vector>

#include "delegate/xnnpack/aot/lowering_context.h"

namespace edgeq::xnnpack {

using SupportFunction = partitioner::SupportDecision (*)(const ir::Graph& graph,
                                                         const ir::Node& node);
// Lowers `node` (which passed its support check) into payload nodes through `context`.
using LowerFunction = Status (*)(LoweringContext& context, const ir::Node& node);

struct OpLowering {
  OpType op;
  SupportFunction supports;
  LowerFunction lower;
};

// Each family's ops (one function per aot/ops/ file).
std::vector<OpLowering> conv_ops();
std::vector<OpLowering> fully_connected_ops();
std::vector<OpLowering> binary_ops();
std::vector<OpLowering> clamp_ops();
std::vector<OpLowering> pooling_ops();
std::vector<OpLowering> reshape_ops();
std::vector<OpLowering> conv_transpose_ops();
std::vector<OpLowering> pad_ops();
std::vector<OpLowering> resize_ops();
std::vector<OpLowering> depth_to_space_ops();
std::vector<OpLowering> unary_ops();
std::vector<OpLowering> softmax_ops();
std::vector<OpLowering> prelu_ops();
std::vector<OpLowering> dynamic_quantize_matmul_ops();
std::vector<OpLowering> qlinear_conv_ops();
std::vector<OpLowering> qlinear_matmul_ops();
std::vector<OpLowering> qlinear_binary_ops();
std::vector<OpLowering> qlinear_pooling_ops();
std::vector<OpLowering> qlinear_unary_ops();
std::vector<OpLowering> quantize_convert_ops();

// The entry for `op`, or nullptr when no family handles it.
const OpLowering* find_op_lowering(OpType op);

}  // namespace edgeq::xnnpack
