// Internal to the importer: ONNX TensorProto -> edgeq dtype, shape and bytes (raw_data, typed
// fields, or external data in a file next to the model).
#pragma once

#include <string>

#include "ir/graph.h"
#include "onnx/onnx_pb.h"
#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

struct ConvertedTensor {
  DType dtype = DType::kUndefined;
  Shape shape;
  ir::ConstantData data;
};

// The edgeq dtype of an ONNX TensorProto element type; Unimplemented naming the ONNX type (and
// `what`, e.g. "tensor 'w'") for types edgeq lacks.
Result<DType> dtype_from_onnx(int onnx_type, const std::string& what);

// Converts `tensor`. External data is read relative to `external_data_dir` (empty: not allowed).
// Errors name the tensor.
Result<ConvertedTensor> convert_tensor(const onnx::TensorProto& tensor,
                                       const std::string& external_data_dir);

}  // namespace edgeq::importer
