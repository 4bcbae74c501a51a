// What a quantized (QDQ) graph runs in integer arithmetic and what stays float: the basis of the
// summary `edgeq quantize` prints and of its --integer-only check.
#pragma once

#include <string>
#include <vector>

#include "ir/graph.h"

namespace edgeq::tools {

struct QdqCensus {
  // Compute nodes (everything but QuantizeLinear, DequantizeLinear, DynamicQuantize and the Cast
  // of a constant) whose every float activation input comes from a DequantizeLinear and whose
  // every output goes only into QuantizeLinear/DynamicQuantize nodes (a fused Relu/Clip counted
  // with its producer), or whose activations are quantized at run time (DynamicQuantize): integer
  // kernels can run them.
  std::vector<const ir::Node*> integer;
  // Compute nodes reading quantized or fp16 weights but with float activations (dynamic,
  // weight-only and fp16 schemes).
  std::vector<const ir::Node*> float_with_quantized_weights;
  // Compute nodes touching no quantized tensor at all.
  std::vector<const ir::Node*> float_only;
};

QdqCensus take_qdq_census(const ir::Graph& graph);

// "conv1 (Conv), head (Gemm)".
std::string list_nodes(const std::vector<const ir::Node*>& nodes);

}  // namespace edgeq::tools
