// ONNX -> IR. Reads an ONNX model (opset 11-18 of the default domain) through ONNX's protobuf
// classes, converts initializers and Constant nodes into constants, maps every node onto the one op
// list, then runs shape inference and (unless turned off) the default passes.
//
// No exception escapes: a truncated or corrupt file is a DataLoss/InvalidArgument error, an op
// outside the op list an Unimplemented error listing every unsupported op type with its nodes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "importer/onnx/tensor_file.h"
#include "ir/graph.h"
#include "runtime/core/status.h"

namespace edgeq::importer {

struct ImportOptions {
  // Run ir::run_default_passes after import (constant folding, Identity/Dropout removal,
  // BatchNorm folding, dead-code removal). Shape inference and verification always run.
  bool run_passes = true;
  // The size given to a symbolic (dim_param) dim 0 of a graph input; such inputs keep the
  // symbolic-batch flag. Other symbolic dims are Unimplemented.
  int64_t batch_size = 1;
  // Graph inputs to import as constants holding these values, e.g. a Reshape's target shape or
  // Dropout's training_mode that ONNX's backend tests feed as inputs: the kernels need such
  // inputs constant. Each must have the input's dtype and declared shape.
  std::map<std::string, LoadedTensor> constant_inputs;
};

// Imports the model at `path`; external tensor data is read from files next to it.
Result<ir::Graph> import_onnx_file(const std::string& path,
                                   const ImportOptions& options = ImportOptions());

// Imports a serialised ModelProto held in memory. External data files are resolved relative to
// `external_data_dir` (empty: external data is an error).
Result<ir::Graph> import_onnx_bytes(const void* data, size_t size,
                                    const ImportOptions& options = ImportOptions(),
                                    const std::string& external_data_dir = std::string());

}  // namespace edgeq::importer
