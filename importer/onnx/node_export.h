// Internal to the exporter: one ir::Node -> one or more ONNX NodeProtos, the inverse of
// attribute_conversion.h's per-op rewrites:
//   - Cast `to` (an edgeq dtype name) -> the ONNX element type number;
//   - ConstantOfShape `dtype` + `value` -> a one-element tensor attribute `value`;
//   - Softmax/LogSoftmax `coerce_2d` = 1 (opset < 13 semantics) -> dropped when the axis is the
//     last one (same result), else Flatten -> Softmax(axis 1) -> Reshape to the input's shape;
//   - Squeeze/Unsqueeze `axes`, Split `split`, ReduceSum `axes` -> a constant input (opset 13+),
//     the other reductions' `axes` -> an attribute below opset 18 and an input from 18 on.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "ir/graph.h"
#include "onnx/onnx_pb.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

// What a node's conversion may add to the ONNX graph being written.
class ExportContext {
 public:
  ExportContext(const ir::Graph& graph, onnx::GraphProto* out, int64_t opset);

  int64_t opset() const { return opset_; }
  // A value or node name unused by the IR graph and by every name made so far.
  std::string fresh_name(const std::string& base);
  // Adds an int64 initializer under a fresh name derived from `base`; returns the name.
  std::string add_int64_initializer(const std::string& base, const std::vector<int64_t>& values);
  // Adds a scalar f32 initializer under a fresh name derived from `base`; returns the name.
  std::string add_float_initializer(const std::string& base, float value);
  onnx::NodeProto* add_node(const std::string& op_type, const std::string& name,
                            const std::vector<std::string>& inputs,
                            const std::vector<std::string>& outputs);

 private:
  const ir::Graph& graph_;
  onnx::GraphProto* out_;
  int64_t opset_;
  std::unordered_set<std::string> made_;
};

// Appends the ONNX node(s) computing `node`. Errors name what cannot be expressed.
Status export_node(const ir::Node& node, ExportContext& context);

// edgeq's DynamicQuantize (no ONNX op has its per-token or int8 forms) spelled out in standard
// ops with the kernel's exact arithmetic: ReduceMin/ReduceMax (over all axes, or the last one per
// token), the range widened to contain 0, scale = max(range / 255, FLT_EPSILON), zero point =
// clip(round(qmin - lo / scale)), y = cast(clip(round(x / scale) + zero point)).
Status export_dynamic_quantize(const ir::Node& node, ExportContext& context);

// The lowest default-domain opset at which ONNX has `op` with the semantics edgeq gives it.
int64_t op_minimum_opset(OpType op);

}  // namespace edgeq::importer
