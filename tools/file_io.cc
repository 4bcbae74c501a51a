#include "tools/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace edgeq::tools {
namespace {

struct CloseFile {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, CloseFile>;

}  // namespace

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return not_found("cannot open '", path, "': ", std::strerror(errno));
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file.get())) > 0) {
    bytes.insert(bytes.end(), chunk, chunk + got);
  }
  if (std::ferror(file.get())) {
    return data_loss("cannot read '", path, "': ", std::strerror(errno));
  }
  return bytes;
}

Status write_file_bytes(const std::string& path, Span<const uint8_t> bytes) {
  FilePtr file(std::fopen(path.c_str(), "wb"));
  if (!file) return invalid_argument("cannot create '", path, "': ", std::strerror(errno));
  // fwrite's buffer must not be null, even for zero bytes (an empty vector's data() may be).
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
    return internal_error("cannot write '", path, "': ", std::strerror(errno));
  }
  if (std::fclose(file.release()) != 0) {
    return internal_error("cannot finish writing '", path, "': ", std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace edgeq::tools
