// Graph passes, one file each. Every pass keeps the graph valid (Graph::verify) and its outputs'
// values identical (up to float rounding for BatchNorm folding); errors name the node.
#pragma once

#include "ir/graph.h"
#include "runtime/core/status.h"

namespace edgeq::ir {

// Evaluates every node whose inputs are all constants (runtime::evaluate_kernel) and replaces its
// outputs by constants; a Shape node whose input has a fully static shape (no symbolic batch)
// becomes a constant. Repeats until nothing changes, so Shape->Gather->Unsqueeze->Concat->Reshape
// chains fold. Nodes whose kernel is missing or refuses the inputs are left alone. Infers the
// types of the nodes it keeps along the way, so it can run before the graph is fully typed.
Status fold_constants(Graph& graph);

// Removes Identity nodes and inference-mode Dropout nodes (whose mask output is unused), rewiring
// their consumers to the input. An output that is a graph output keeps its name: when the input
// cannot take its place, the node stays.
Status remove_identity_ops(Graph& graph);

// Folds BatchNormalization into a preceding Conv, ConvTranspose (group 1) or Gemm whose output
// feeds only the BatchNormalization and whose weights (and bias) are constant.
Status fold_batch_norm(Graph& graph);

// Removes nodes none of whose outputs reach a graph output, and values nothing refers to.
Status remove_dead_code(Graph& graph);

// Rewrites DynamicQuantize(per_token i8) -> DequantizeLinear -> MatMul/Gemm with constant
// DequantizeLinear(i8 / i4, symmetric) weights (-> Add(constant bias)) into DynamicQuantizeMatMul
// (ir/passes/dynamic_quantized_linear_fusion.cc); anything not matching exactly stays as it is.
Status fuse_dynamic_quantized_linear(Graph& graph);

struct PassOptions {
  bool fold_constants = true;
  bool remove_identity_ops = true;
  bool fold_batch_norm = true;
  bool remove_dead_code = true;
};

// The passes every compile runs, in order: identity removal, constant folding, BatchNorm folding,
// dead-code removal, then shape inference and verification of the result.
Status run_default_passes(Graph& graph, const PassOptions& options = PassOptions());

}  // namespace edgeq::ir
