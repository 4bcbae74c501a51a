#include "importer/onnx/onnx_importer.h"

#include <climits>
#include <exception>
#include <fstream>
#include <iterator>
#include <new>
#include <string>

#include "importer/onnx/external_data.h"
#include "importer/onnx/graph_conversion.h"
#include "ir/passes/passes.h"
#include "ir/shape_inference.h"
#include "onnx/onnx_pb.h"

namespace edgeq::importer {
namespace {

constexpr int64_t kMinOpset = 11;
constexpr int64_t kMaxOpset = 18;

Result<int64_t> default_domain_opset(const onnx::ModelProto& model) {
  for (const onnx::OperatorSetIdProto& entry : model.opset_import()) {
    if (!entry.domain().empty() && entry.domain() != "ai.onnx") continue;
    if (entry.version() < kMinOpset || entry.version() > kMaxOpset) {
      return unimplemented("the model uses opset ", entry.version(),
                           " of the default ONNX domain; edgeq supports opsets ", kMinOpset, " to ",
                           kMaxOpset);
    }
    return entry.version();
  }
  // A model of other domains only: name its ops, else say what is missing.
  EDGEQ_RETURN_IF_ERROR(check_supported_ops(model.graph()));
  return invalid_argument("the model imports no opset of the default ONNX domain");
}

Result<ir::Graph> import_model(const onnx::ModelProto& model, const ImportOptions& options,
                               const std::string& external_data_dir) {
  if (options.batch_size < 1) {
    return invalid_argument("batch size must be at least 1, not ", options.batch_size);
  }
  if (!model.has_graph()) return invalid_argument("the model has no graph");
  EDGEQ_ASSIGN_OR_RETURN(int64_t opset, default_domain_opset(model));
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph graph,
                         convert_graph(model.graph(), opset, external_data_dir, options));
  EDGEQ_RETURN_IF_ERROR(graph.verify());
  // The passes fold constants before the strict shape inference (a Reshape's target may only
  // become constant by folding), then infer and verify.
  if (options.run_passes) {
    EDGEQ_RETURN_IF_ERROR(ir::run_default_passes(graph));
  } else {
    EDGEQ_RETURN_IF_ERROR(ir::infer_shapes(graph));
  }
  return graph;
}

// Parses and imports, turning every exception from protobuf or the standard library into a Status.
Result<ir::Graph> parse_and_import(const void* data, size_t size, const ImportOptions& options,
                                   const std::string& external_data_dir) {
  try {
    if (size > static_cast<size_t>(INT_MAX)) {
      return unimplemented("the model is ", size,
                           " bytes; ONNX files are limited to 2 GiB "
                           "(larger weights must be external data)");
    }
    onnx::ModelProto model;
    if (!model.ParseFromArray(data, static_cast<int>(size))) {
      return data_loss("not a valid ONNX model: the protobuf message is truncated or corrupt (",
                       size, " bytes)");
    }
    return import_model(model, options, external_data_dir);
  } catch (const std::bad_alloc&) {
    return data_loss("out of memory while importing the model (corrupt sizes?)");
  } catch (const std::exception& e) {
    return internal_error("unexpected error while importing the model: ", e.what());
  }
}

}  // namespace

Result<ir::Graph> import_onnx_bytes(const void* data, size_t size, const ImportOptions& options,
                                    const std::string& external_data_dir) {
  return parse_and_import(data, size, options, external_data_dir);
}

Result<ir::Graph> import_onnx_file(const std::string& path, const ImportOptions& options) {
  std::string bytes;
  try {
    std::ifstream file(path, std::ios::binary);
    if (!file) return not_found("cannot open ONNX model '", path, "'");
    bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    if (file.bad()) return data_loss("cannot read ONNX model '", path, "'");
  } catch (const std::exception& e) {
    return data_loss("cannot read ONNX model '", path, "': ", e.what());
  }
  Result<ir::Graph> graph =
      parse_and_import(bytes.data(), bytes.size(), options, directory_of(path));
  if (!graph.ok()) return graph.status().with_context(path);
  return graph;
}

}  // namespace edgeq::importer
