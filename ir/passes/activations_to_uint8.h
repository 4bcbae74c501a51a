// Rewrites a quantized graph's int8 activations as uint8, for ONNX export to runtimes whose fast
// x86 kernels multiply uint8 activations by int8 weights (ONNX Runtime's CPU execution provider).
//
// Every int8 activation code q (a non-constant int8 value: what a QuantizeLinear writes and a
// DequantizeLinear or QLinear* op reads) becomes q + 128 as uint8, and every zero point that goes
// with it becomes zero point + 128 as uint8, with the same scale. Dequantized values are
// unchanged: (q + 128 - (zp + 128)) * s == (q - zp) * s, and QuantizeLinear saturates at the same
// places (the shift maps [-128, 127] onto [0, 255]), so the graph computes the same outputs bit
// for bit. What changes, per op:
//   QuantizeLinear / DequantizeLinear of an activation: the zero point (a DequantizeLinear without
//     one gets 128, shaped like its scale);
//   QLinearConv, QLinearMatMul: x / y zero points (constant int8 weights stay int8);
//   QLinearAdd, QLinearMul, QLinearAveragePool, QLinearGlobalAveragePool, QLinearSigmoid,
//     QLinearLeakyRelu: every operand's and the output's zero point (a constant int8 operand of an
//     elementwise op is shifted with its zero point, as both operands share one type);
//   the fused Relu/Clip range (output_min / output_max attributes): shifted by 128;
//   ops that only move or compare codes (Reshape, Flatten, Transpose, Squeeze, Unsqueeze, MaxPool,
//     DepthToSpace, SpaceToDepth, Pad, Identity, Concat): their int8 constant inputs (the Pad
//     value, Concat operands) are shifted; a constant Pad without a value gets 128 (the code of 0).
// Left as they are: int8 constants read as weights (DequantizeLinear input 0, QLinearConv /
// QLinearMatMul input 3), int32 biases, int16 and int4 activations, and the int8 codes a
// DynamicQuantize computes at run time (their zero point is an output of the node, not a
// constant).
//
// New shifted constants are added (named "<constant>_u8", one per original); the originals stay
// for any other reader, unused ones are dropped by dead-code removal or ignored by the exporter.
#pragma once

#include "ir/graph.h"
#include "runtime/core/status.h"

namespace edgeq::ir {

// Converts as described above. Errors (the graph is then partly converted and must be dropped):
// an int8 graph input or output (converting it would change the model's interface), an int8
// activation read or written by an op not listed above, or a zero point that is not a constant
// int8 tensor; each names the node or value.
Status convert_activations_to_uint8(Graph& graph);

}  // namespace edgeq::ir
