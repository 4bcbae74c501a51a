#include "runtime/program/file_format.h"

#include <cstring>

namespace edgeq::runtime {
namespace {

// Byte offsets of the header fields.
constexpr size_t kMagicAt = 0;
constexpr size_t kVersionAt = 8;
constexpr size_t kHeaderSizeAt = 12;
constexpr size_t kFlatbufferOffsetAt = 16;
constexpr size_t kFlatbufferSizeAt = 24;
constexpr size_t kDataOffsetAt = 32;
constexpr size_t kDataSizeAt = 40;

template <typename T>
void put(uint8_t* out, size_t at, T value) {
  for (size_t i = 0; i < sizeof(T); ++i) out[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

template <typename T>
T get(const uint8_t* in, size_t at) {
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(in[at + i]) << (8 * i);
  return value;
}

}  // namespace

void encode_file_header(const FileHeader& header, uint8_t out[kFileHeaderBytes]) {
  std::memset(out, 0, kFileHeaderBytes);
  std::memcpy(out + kMagicAt, kProgramMagic, sizeof(kProgramMagic));
  put<uint32_t>(out, kVersionAt, header.version);
  put<uint32_t>(out, kHeaderSizeAt, static_cast<uint32_t>(kFileHeaderBytes));
  put<uint64_t>(out, kFlatbufferOffsetAt, header.flatbuffer_offset);
  put<uint64_t>(out, kFlatbufferSizeAt, header.flatbuffer_size);
  put<uint64_t>(out, kDataOffsetAt, header.data_offset);
  put<uint64_t>(out, kDataSizeAt, header.data_size);
}

Result<FileHeader> decode_file_header(Span<const uint8_t> file, const char* source) {
  if (file.size() < kFileHeaderBytes) {
    return data_loss(source, ": ", file.size(),
                     " bytes is too short for a program file (the header", " alone is ",
                     kFileHeaderBytes, " bytes)");
  }
  const uint8_t* bytes = file.data();
  if (std::memcmp(bytes + kMagicAt, kProgramMagic, sizeof(kProgramMagic)) != 0) {
    return data_loss(source, ": byte 0: not an edgeq program file (magic \"EDGEQ\" missing)");
  }
  FileHeader header;
  header.version = get<uint32_t>(bytes, kVersionAt);
  if (header.version != kProgramFormatVersion) {
    return unimplemented(source, ": byte ", kVersionAt, ": program format version ", header.version,
                         ", this runtime reads version ", kProgramFormatVersion);
  }
  const uint32_t header_size = get<uint32_t>(bytes, kHeaderSizeAt);
  if (header_size != kFileHeaderBytes) {
    return data_loss(source, ": byte ", kHeaderSizeAt, ": header size ", header_size, ", expected ",
                     kFileHeaderBytes);
  }
  header.flatbuffer_offset = get<uint64_t>(bytes, kFlatbufferOffsetAt);
  header.flatbuffer_size = get<uint64_t>(bytes, kFlatbufferSizeAt);
  header.data_offset = get<uint64_t>(bytes, kDataOffsetAt);
  header.data_size = get<uint64_t>(bytes, kDataSizeAt);
  const uint64_t size = file.size();
  // Each check is written so that it cannot overflow.
  if (header.flatbuffer_offset < kFileHeaderBytes || header.flatbuffer_offset > size ||
      header.flatbuffer_size > size - header.flatbuffer_offset ||
      header.flatbuffer_offset % 8 != 0) {
    return data_loss(source, ": byte ", kFlatbufferOffsetAt, ": flatbuffer section (offset ",
                     header.flatbuffer_offset, ", ", header.flatbuffer_size,
                     " bytes) is misaligned or outside the ", size, "-byte file");
  }
  if (header.data_offset < header.flatbuffer_offset + header.flatbuffer_size ||
      header.data_offset > size || header.data_size > size - header.data_offset ||
      header.data_offset % kDataAlignment != 0) {
    return data_loss(source, ": byte ", kDataOffsetAt, ": data segment (offset ",
                     header.data_offset, ", ", header.data_size,
                     " bytes) is misaligned, overlaps the flatbuffer or is "
                     "outside the ",
                     size, "-byte file");
  }
  return header;
}

}  // namespace edgeq::runtime
