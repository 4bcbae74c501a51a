// Reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0): C order, little-endian,
// the dtypes f32, f16, i8, u8, i16, i32, i64 and bool. Every error names the file it is about.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/core/aligned_buffer.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::tools {

// A tensor read from a .npy file; owns its (64-byte aligned) data.
struct NpyArray {
  DType dtype = DType::kUndefined;
  Shape shape;
  AlignedBuffer data;  // exactly dtype_storage_bytes(dtype, shape.numel()) bytes

  TensorView view() const {
    return TensorView(dtype, shape, static_cast<const void*>(data.data()));
  }
};

// Parses the bytes of a .npy file; `name` (usually the path) prefixes every error message.
Result<NpyArray> parse_npy(Span<const uint8_t> bytes, const std::string& name);
Result<NpyArray> read_npy(const std::string& path);

// The bytes of a .npy file (version 1.0) holding `tensor`.
// Unimplemented for dtypes .npy cannot hold (packed int4).
Result<std::vector<uint8_t>> encode_npy(const TensorView& tensor);
Status write_npy(const std::string& path, const TensorView& tensor);

}  // namespace edgeq::tools
