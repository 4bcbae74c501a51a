#include "tests/conformance/frozen_inputs.h"

#include <fstream>
#include <set>

#include "onnx/onnx_pb.h"

namespace edgeq::e2e {
namespace {

template <typename Message>
Status parse_file(const std::filesystem::path& path, Message* message) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return data_loss(path.string(), ": cannot open");
  if (!message->ParseFromIstream(&file)) return data_loss(path.string(), ": cannot parse");
  return Status::Ok();
}

// Integer and bool tensors of any rank, float tensors of rank 0 or 1.
bool is_parameter(const onnx::TensorProto& data) {
  switch (data.data_type()) {
    case onnx::TensorProto::INT64:
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::BOOL:
      return true;
    case onnx::TensorProto::FLOAT:
      return data.dims_size() <= 1;
    default:
      return false;
  }
}

}  // namespace

Result<FrozenModel> freeze_parameter_inputs(const std::filesystem::path& model_path,
                                            const std::vector<std::filesystem::path>& input_files) {
  onnx::ModelProto model;
  EDGEQ_RETURN_IF_ERROR(parse_file(model_path, &model));
  onnx::GraphProto* graph = model.mutable_graph();
  std::set<std::string> initializers;
  for (const auto& initializer : graph->initializer()) initializers.insert(initializer.name());

  FrozenModel frozen;
  google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> kept_inputs;
  size_t position = 0;  // among the graph inputs that are not initializers
  for (const onnx::ValueInfoProto& input : graph->input()) {
    if (initializers.count(input.name())) {
      *kept_inputs.Add() = input;
      continue;
    }
    if (position >= input_files.size()) {
      return invalid_argument(model_path.string(), ": graph input '", input.name(),
                              "' has no input_", position, ".pb");
    }
    onnx::TensorProto data;
    EDGEQ_RETURN_IF_ERROR(parse_file(input_files[position], &data));
    if (position > 0 && is_parameter(data)) {
      data.set_name(input.name());
      *graph->add_initializer() = std::move(data);
    } else {
      *kept_inputs.Add() = input;
      frozen.fed_inputs.push_back(position);
    }
    ++position;
  }
  if (frozen.fed_inputs.size() == position) return not_found("no parameter input to freeze");
  graph->mutable_input()->Swap(&kept_inputs);
  if (!model.SerializeToString(&frozen.model_bytes)) {
    return internal_error(model_path.string(), ": cannot serialise the frozen model");
  }
  return frozen;
}

}  // namespace edgeq::e2e
