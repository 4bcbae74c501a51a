// Internal to the exporter: edgeq dtypes and constants -> ONNX element types and TensorProtos
// (the inverse of tensor_conversion.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "onnx/onnx_pb.h"
#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

// ONNX's element type number for INT4 (onnx 1.16+, opset 21); Debian's ONNX protobuf predates it,
// and TensorProto::data_type is a plain int32, so the number is written directly.
constexpr int kOnnxInt4 = 22;

// The ONNX TensorProto element type of `dtype`; `what` names the tensor in the error.
Result<int> onnx_type_of(DType dtype, const std::string& what);

// Fills `out` with `name`, dtype, dims and the bytes as raw_data (packed int4 keeps its packing,
// which is ONNX's: the element with the even index in the low nibble).
Status fill_tensor_proto(const std::string& name, DType dtype, const Shape& shape,
                         const uint8_t* bytes, size_t size, onnx::TensorProto* out);

// An int64 vector as a 1-D TensorProto.
void fill_int64_tensor(const std::string& name, const std::vector<int64_t>& values,
                       onnx::TensorProto* out);

}  // namespace edgeq::importer
