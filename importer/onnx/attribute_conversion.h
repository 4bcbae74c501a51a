// Internal to the importer: ONNX node attributes -> edgeq Attributes, with the per-op rewrites the
// kernels expect (Cast `to` as a dtype name, ConstantOfShape's tensor `value` as `dtype` + `value`,
// `coerce_2d` for Softmax/LogSoftmax before opset 13).
#pragma once

#include <cstdint>

#include "onnx/onnx_pb.h"
#include "runtime/core/attributes.h"
#include "runtime/core/op_type.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

// Converts the attributes of `node` (already mapped to `op`) at default-domain `opset`. Tensor and
// graph attributes are errors except where an op handles them; errors name the attribute.
Result<Attributes> convert_attributes(const onnx::NodeProto& node, OpType op, int64_t opset);

}  // namespace edgeq::importer
