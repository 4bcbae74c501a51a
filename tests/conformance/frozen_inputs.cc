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

bool is_integer(int32_t onnx_type) {
  return onnx_type == onnx::TensorProto::INT64 || onnx_type == onnx::TensorProto::INT32;
}

}  // namespace

Result<FrozenModel> freeze_integer_inputs(const std::filesystem::path& model_path,
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
    if (is_integer(data.data_type())) {
      data.set_name(input.name());
      *graph->add_initializer() = std::move(data);
    } else {
      *kept_inputs.Add() = input;
      frozen.fed_inputs.push_back(position);
    }
    ++position;
  }
  if (frozen.fed_inputs.size() == position) return not_found("no integer graph input to freeze");
  if (frozen.fed_inputs.empty()) return not_found("freezing would leave no run-time input");
  graph->mutable_input()->Swap(&kept_inputs);
  if (!model.SerializeToString(&frozen.model_bytes)) {
    return internal_error(model_path.string(), ": cannot serialise the frozen model");
  }
  return frozen;
}

}  // namespace edgeq::e2e
