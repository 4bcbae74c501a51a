#include "importer/onnx/tensor_file.h"

#include <climits>
#include <exception>
#include <fstream>
#include <iterator>

#include "importer/onnx/external_data.h"
#include "importer/onnx/tensor_conversion.h"
#include "onnx/onnx_pb.h"

namespace edgeq::importer {
namespace {

Result<LoadedTensor> read_tensor(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return not_found("cannot open tensor file '", path, "'");
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return unimplemented("tensor file '", path, "' is larger than 2 GiB");
  }
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return data_loss("tensor file '", path, "' is not a valid TensorProto");
  }
  Result<ConvertedTensor> converted = convert_tensor(proto, directory_of(path));
  if (!converted.ok()) return converted.status().with_context(path);
  LoadedTensor out;
  out.name = proto.name();
  out.dtype = converted->dtype;
  out.shape = converted->shape;
  out.bytes.assign(converted->data.data(), converted->data.data() + converted->data.size());
  return out;
}

}  // namespace

Result<LoadedTensor> read_tensor_proto_file(const std::string& path) {
  try {
    return read_tensor(path);
  } catch (const std::exception& e) {
    return data_loss("cannot read tensor file '", path, "': ", e.what());
  }
}

}  // namespace edgeq::importer
