#include "importer/onnx/external_data.h"

#include <cstdint>
#include <fstream>
#include <limits>

#include "runtime/core/aligned_buffer.h"

namespace edgeq::importer {
namespace {

struct ExternalLocation {
  std::string location;
  uint64_t offset = 0;
  bool has_length = false;
  uint64_t length = 0;
};

Result<uint64_t> parse_unsigned(const std::string& key, const std::string& text) {
  if (text.empty() || text.size() > 19 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return invalid_argument("external data '", key, "' is not a byte count: '", text, "'");
  }
  return static_cast<uint64_t>(std::stoull(text));
}

Result<ExternalLocation> parse_location(const onnx::TensorProto& tensor) {
  ExternalLocation out;
  for (const auto& entry : tensor.external_data()) {
    if (entry.key() == "location") {
      out.location = entry.value();
    } else if (entry.key() == "offset") {
      EDGEQ_ASSIGN_OR_RETURN(out.offset, parse_unsigned(entry.key(), entry.value()));
    } else if (entry.key() == "length") {
      EDGEQ_ASSIGN_OR_RETURN(out.length, parse_unsigned(entry.key(), entry.value()));
      out.has_length = true;
    }
  }
  if (out.location.empty()) return invalid_argument("external data has no location");
  return out;
}

// A location must stay inside the model's folder: relative, and no ".." component.
Status check_location(const std::string& location) {
  if (location.front() == '/' || location.find('\\') != std::string::npos ||
      location.find('\0') != std::string::npos) {
    return invalid_argument("external data location '", location,
                            "' must be a relative path next to the model");
  }
  size_t start = 0;
  while (start <= location.size()) {
    size_t end = location.find('/', start);
    if (end == std::string::npos) end = location.size();
    if (location.compare(start, end - start, "..") == 0) {
      return invalid_argument("external data location '", location, "' leaves the model's folder");
    }
    start = end + 1;
  }
  return Status::Ok();
}

}  // namespace

std::string directory_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

Result<ir::ConstantData> read_external_data(const onnx::TensorProto& tensor,
                                            const std::string& base_dir, size_t expected_bytes) {
  EDGEQ_ASSIGN_OR_RETURN(ExternalLocation where, parse_location(tensor));
  EDGEQ_RETURN_IF_ERROR(check_location(where.location));
  if (where.has_length && where.length != expected_bytes) {
    return data_loss("external data length ", where.length, " but dtype and shape need ",
                     expected_bytes, " bytes");
  }
  const std::string path = base_dir + "/" + where.location;
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return not_found("cannot open external data file '", where.location, "'");
  const std::streamoff file_size = file.tellg();
  if (file_size < 0) return data_loss("cannot size external data file '", where.location, "'");
  const uint64_t size = static_cast<uint64_t>(file_size);
  if (where.offset > size || expected_bytes > size - where.offset) {
    return data_loss("external data file '", where.location, "' has ", size,
                     " bytes; the tensor needs ", expected_bytes, " at offset ", where.offset);
  }
  auto buffer = std::make_shared<AlignedBuffer>(expected_bytes);
  file.seekg(static_cast<std::streamoff>(where.offset));
  file.read(reinterpret_cast<char*>(buffer->data()), static_cast<std::streamsize>(expected_bytes));
  if (!file) return data_loss("cannot read external data file '", where.location, "'");
  std::shared_ptr<const uint8_t> bytes(buffer, buffer->data());
  return ir::ConstantData(std::move(bytes), expected_bytes);
}

}  // namespace edgeq::importer
