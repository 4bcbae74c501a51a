// IR -> ONNX. Writes an ir::Graph (float, or in QDQ form after the quantizer's convert) as an ONNX
// ModelProto that ONNX Runtime loads: constants become initializers, graph inputs keep a symbolic
// batch dim ("batch") where the model had one, and edgeq's internal attribute forms are mapped back
// to ONNX's (Cast `to`, ConstantOfShape `value`, Softmax `coerce_2d`, axes/split as attributes or
// inputs as the chosen opset wants them).
//
// Opset: the lowest that expresses the graph, at least 13 (per-axis QuantizeLinear/
// DequantizeLinear); 21 when the graph holds int4 or int16 quantized tensors or block-quantized
// (group-wise) DequantizeLinear, which ONNX added in opset 21 (ONNX Runtime 1.18 and later).
#pragma once

#include <cstdint>
#include <string>

#include "ir/graph.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

struct ExportOptions {
  // 0: choose as described above. A given opset lower than the graph needs is an error.
  int64_t opset = 0;
  std::string graph_name = "edgeq";
};

// The lowest default-domain opset that can express `graph` (see above).
int64_t required_opset(const ir::Graph& graph);

// The serialised ModelProto. Errors name the node or value that cannot be expressed in ONNX.
Result<std::string> export_onnx(const ir::Graph& graph,
                                const ExportOptions& options = ExportOptions());
// The same, written to `path`.
Status export_onnx_file(const ir::Graph& graph, const std::string& path,
                        const ExportOptions& options = ExportOptions());

}  // namespace edgeq::importer
