// Internal to the importer: reads the bytes of a tensor stored outside the model file (ONNX
// external data: location, offset, length), with every bound checked against the file.
#pragma once

#include <cstddef>
#include <string>

#include "ir/graph.h"
#include "onnx/onnx_pb.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

// The folder holding `path` ("." for a bare file name): where its external data lives.
std::string directory_of(const std::string& path);

// Reads `expected_bytes` bytes of `tensor`'s external data. The location must be a relative path
// inside `base_dir` (no "..", not absolute); offset + length must lie inside the file and length
// (when given) must equal `expected_bytes`.
Result<ir::ConstantData> read_external_data(const onnx::TensorProto& tensor,
                                            const std::string& base_dir, size_t expected_bytes);

}  // namespace edgeq::importer
