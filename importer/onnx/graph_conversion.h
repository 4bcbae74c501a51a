// Internal to the importer: an ONNX GraphProto -> ir::Graph (values, constants, nodes, inputs,
// outputs), before shape inference and passes.
#pragma once

#include <cstdint>
#include <string>

#include "importer/onnx/onnx_importer.h"
#include "ir/graph.h"
#include "onnx/onnx_pb.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

// One error listing every node whose op edgeq lacks, grouped by op type:
// "unsupported ops: NonMaxSuppression (nms_1), TopK (topk_3, topk_7)". Ok when all are known.
Status check_supported_ops(const onnx::GraphProto& graph);

// The name edgeq gives node `index` of a graph: its own, or "<OpType>_<index>" when unnamed.
std::string node_name(const onnx::NodeProto& node, int index);

// Builds the graph. `opset` is the default domain's version; external tensor data is resolved
// relative to `external_data_dir`.
Result<ir::Graph> convert_graph(const onnx::GraphProto& graph, int64_t opset,
                                const std::string& external_data_dir, const ImportOptions& options);

}  // namespace edgeq::importer
