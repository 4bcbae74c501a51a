// Reads a serialised ONNX TensorProto (a .pb file, as in ONNX's backend test data) into plain
// bytes with an edgeq dtype and shape.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::importer {

struct LoadedTensor {
  std::string name;  // the TensorProto's name (may be empty)
  DType dtype = DType::kUndefined;
  Shape shape;
  std::vector<uint8_t> bytes;  // row-major, dtype_storage_bytes(dtype, shape.numel()) long

  TensorView view() const {
    return TensorView(dtype, shape, static_cast<const void*>(bytes.data()));
  }
};

// DataLoss for an unreadable or corrupt file; Unimplemented naming the dtype for element types
// edgeq lacks (double, string, ...), so callers can skip such tests with a reason.
Result<LoadedTensor> read_tensor_proto_file(const std::string& path);

}  // namespace edgeq::importer
