// The program file layout (.eqp), all integers little-endian:
//
//   [0, 64)        FileHeader: magic "EDGEQ\0\0\0", format version, section offsets and sizes
//   [64, ...)      the flatbuffer (runtime/schema/program.fbs)
//   [data_offset)  the data segment: constants and delegate payloads, each starting 64-byte aligned
//
// data_offset is a multiple of 64, so a memory-mapped file (page aligned) or a 64-byte aligned copy
// keeps every constant 64-byte aligned and usable in place.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/core/span.h"
#include "runtime/core/status.h"

namespace edgeq::runtime {

constexpr char kProgramMagic[8] = {'E', 'D', 'G', 'E', 'Q', '\0', '\0', '\0'};
constexpr uint32_t kProgramFormatVersion = 1;
constexpr size_t kFileHeaderBytes = 64;
constexpr size_t kDataAlignment = 64;

struct FileHeader {
  uint32_t version = kProgramFormatVersion;
  uint64_t flatbuffer_offset = 0;
  uint64_t flatbuffer_size = 0;
  uint64_t data_offset = 0;
  uint64_t data_size = 0;
};

// Writes the 64 header bytes.
void encode_file_header(const FileHeader& header, uint8_t out[kFileHeaderBytes]);
// Reads and checks the header of a `file_size`-byte file: magic, version, sections inside the file,
// alignment. Errors name `source` and the byte offset of the bad field.
Result<FileHeader> decode_file_header(Span<const uint8_t> file, const char* source);

inline size_t align_up(size_t n, size_t alignment) {
  return (n + alignment - 1) / alignment * alignment;
}

}  // namespace edgeq::runtime
