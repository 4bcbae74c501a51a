// QDQ fusion: rewrites a quantized (QDQ) graph into explicit integer ops, so that the portable
// runtime and the XNNPACK delegate run the same integer arithmetic (runtime/kernels/qlinear_*).
//
// A group is a float op whose activations come from DequantizeLinear (DQ) nodes and whose result,
// optionally through one Relu or Clip, goes only into a QuantizeLinear (Q) node:
//
//   DQ(x) [, DQ(W constant) [, DQ(bias int32 constant)]] -> op -> [Relu | Clip] -> Q -> y
//
// The group becomes one node that reads the integer inputs (the DQs' inputs) and computes y, the
// Q's output (same name, dtype and shape):
//   Conv                      -> QLinearConv (weights per tensor or per output channel, bias)
//   MatMul, Gemm, MatMul+Add  -> QLinearMatMul (constant 2-D weights, optional int32 bias input 8;
//                                Gemm only with transA 0, alpha 1, beta 1; transB 1 weights are
//                                stored transposed to [K, N])
//   Add, Mul                  -> QLinearAdd, QLinearMul
//   AveragePool               -> QLinearAveragePool
//   GlobalAveragePool, ReduceMean over all spatial dims with keepdims -> QLinearGlobalAveragePool
//   Sigmoid, LeakyRelu        -> QLinearSigmoid, QLinearLeakyRelu
// The Relu or Clip becomes the attributes output_min / output_max, computed the way XNNPACK 2022
// turns a float output range into a quantized one (its subgraph nodes do, per bound b,
// lrintf(clamp(b / y_scale + y_zero_point, type min, type max))), so a bound lowered back to float
// by the delegate lands on the same code. Quantization is monotonic, so Q(clamp(v, lo, hi)) ==
// clamp(Q(v), Q(lo), Q(hi)): the fused clamp changes nothing against the QDQ graph.
//
// Pass-through ops (Reshape, Flatten, Transpose, Squeeze, Unsqueeze, MaxPool, DepthToSpace,
// SpaceToDepth, Pad) between a DQ and a Q with identical parameters (dtype, scale, zero point)
// run directly on the integer tensor: they only move values, and Q(DQ(q)) == q. A constant Pad
// pads with its value quantized by the same parameters (the zero point for 0).
//
// Only exact matches fuse: constant per-tensor activation parameters (per-channel only for
// weights), activation dtypes accepted by fusible_activation_dtype, weights and biases constant,
// a bias scale equal to x_scale * w_scale (in float, as the quantizer writes it) with zero point
// 0, the op's output (and the Relu/Clip's) read by nothing else and not a graph output, and the
// portable QLinear kernel accepting the fused node with the output type of the Q. Anything else
// stays DQ -> float op -> Q, which the runtime still runs correctly (the float fallback). A DQ
// that other nodes still read stays for them; Q and DQ nodes at group boundaries stay too (the
// delegate turns them into convert nodes).
//
// Against the QDQ graph evaluated in float, a fused node rounds once in integer arithmetic where
// the float graph accumulates in float and rounds at the Q: outputs may differ by one code on a
// small fraction of elements (measured in tests/ir/qdq_fusion_test.cc).
#pragma once

#include <cstddef>
#include <map>

#include "ir/graph.h"
#include "runtime/core/dtype.h"
#include "runtime/core/op_type.h"
#include "runtime/core/status.h"

namespace edgeq::ir {

// The activation dtypes whose groups fuse: int8 and uint8, and int16 (W8A16), the dtypes the
// QLinear kernels run. The one switch for wider activations. XNNPACK 2022 has no int16, so int16
// QLinear nodes run on the portable kernels.
bool fusible_activation_dtype(DType dtype);

// The pass-through ops: they only move values, so on an integer tensor their output keeps their
// input's quantization parameters.
bool moves_values_only(OpType op);

// What a fusion run did: fused nodes per resulting op (QLinearConv, Reshape, ...).
struct QdqFusionStats {
  std::map<OpType, size_t> fused;
  size_t total() const;
};

// Fuses every group described above, in topological order. The graph's outputs keep their names
// and dtypes; the result verifies. `stats` (optional) receives the counts.
Status fuse_quantized_ops(Graph& graph, QdqFusionStats* stats = nullptr);

}  // namespace edgeq::ir
