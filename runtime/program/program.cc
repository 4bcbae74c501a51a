#include "runtime/program/program.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/core/aligned_buffer.h"
#include "runtime/program/program_decoder.h"

namespace edgeq::runtime {

namespace {

// Owns a memory mapping.
class Mapping {
 public:
  Mapping(void* address, size_t size) : address_(address), size_(size) {}
  ~Mapping() { munmap(address_, size_); }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  Span<const uint8_t> bytes() const {
    return Span<const uint8_t>(static_cast<const uint8_t*>(address_), size_);
  }

 private:
  void* address_;
  size_t size_;
};

std::string system_error() { return std::strerror(errno); }

}  // namespace

Program::~Program() = default;

Result<std::shared_ptr<const Program>> Program::load_file(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return not_found(path, ": cannot open: ", system_error());
  struct stat info;
  if (fstat(fd, &info) != 0) {
    const std::string reason = system_error();
    close(fd);
    return not_found(path, ": cannot stat: ", reason);
  }
  if (!S_ISREG(info.st_mode)) {
    close(fd);
    return invalid_argument(path, ": not a regular file");
  }
  const size_t size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    close(fd);
    return data_loss(path, ": empty file (0 bytes), not an edgeq program");
  }
  void* address = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const std::string reason = system_error();
  close(fd);
  if (address == MAP_FAILED) return internal_error(path, ": cannot memory-map: ", reason);
  auto mapping = std::make_shared<const Mapping>(address, size);
  return load_bytes(mapping, mapping->bytes(), path);
}

Result<std::shared_ptr<const Program>> Program::load_buffer(Span<const uint8_t> bytes,
                                                            const std::string& source) {
  auto copy = std::make_shared<AlignedBuffer>(bytes.size());
  if (!bytes.empty()) std::memcpy(copy->data(), bytes.data(), bytes.size());
  return load_bytes(copy, Span<const uint8_t>(copy->data(), bytes.size()), source);
}

Result<std::shared_ptr<const Program>> Program::borrow_buffer(Span<const uint8_t> bytes,
                                                              const std::string& source) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kBufferAlignment != 0) {
    return invalid_argument(source, ": a borrowed program buffer must be ", kBufferAlignment,
                            "-byte aligned (use load_buffer to copy it)");
  }
  return load_bytes(nullptr, bytes, source);
}

Result<std::shared_ptr<const Program>> Program::load_bytes(std::shared_ptr<const void> owner,
                                                           Span<const uint8_t> bytes,
                                                           const std::string& source) {
  std::shared_ptr<Program> program(new Program());
  program->source_ = source;
  program->file_bytes_ = bytes.size();
  program->storage_ = std::move(owner);
  EDGEQ_RETURN_IF_ERROR(ProgramDecoder::decode(bytes, program.get()));
  return std::shared_ptr<const Program>(std::move(program));
}

std::string ProgramInstruction::describe(size_t index) const {
  if (kind == InstructionKind::kDelegateCall) {
    return str_cat("instruction ", index, " (delegate '", name, "', ", backend, ")");
  }
  return str_cat("instruction ", index, " (node '", name, "', ", op_name(op), ")");
}

}  // namespace edgeq::runtime
