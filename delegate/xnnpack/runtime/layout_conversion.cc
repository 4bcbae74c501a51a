#include "delegate/xnnpack/runtime/layout_conversion.h"

#include <algorithm>
#include <cstdint>

namespace edgeq::xnnpack {
namespace {

constexpr size_t kTile = 16;  // elements per side of a transposed tile (keeps both sides in L1)

// dst[c][r] = src[r][c] for a rows x cols matrix, tile by tile.
template <typename T>
void transpose(const T* __restrict src, T* __restrict dst, size_t rows, size_t cols) {
  for (size_t r0 = 0; r0 < rows; r0 += kTile) {
    const size_t r1 = std::min(rows, r0 + kTile);
    for (size_t c0 = 0; c0 < cols; c0 += kTile) {
      const size_t c1 = std::min(cols, c0 + kTile);
      for (size_t r = r0; r < r1; ++r) {
        for (size_t c = c0; c < c1; ++c) dst[c * rows + r] = src[r * cols + c];
      }
    }
  }
}

// Transposes each of `batch` rows x cols matrices.
template <typename T>
void transpose_batch(const void* src, void* dst, size_t batch, size_t rows, size_t cols) {
  const T* in = static_cast<const T*>(src);
  T* out = static_cast<T*>(dst);
  const size_t stride = rows * cols;
  for (size_t n = 0; n < batch; ++n) transpose(in + n * stride, out + n * stride, rows, cols);
}

void transpose_any(const void* src, void* dst, size_t batch, size_t rows, size_t cols,
                   size_t element_bytes) {
  switch (element_bytes) {
    case 1:
      return transpose_batch<uint8_t>(src, dst, batch, rows, cols);
    case 2:
      return transpose_batch<uint16_t>(src, dst, batch, rows, cols);
    default:
      return transpose_batch<uint32_t>(src, dst, batch, rows, cols);
  }
}

}  // namespace

void channels_first_to_last(const void* src, void* dst, size_t batch, size_t channels,
                            size_t spatial, size_t element_bytes) {
  transpose_any(src, dst, batch, channels, spatial, element_bytes);
}

void channels_last_to_first(const void* src, void* dst, size_t batch, size_t channels,
                            size_t spatial, size_t element_bytes) {
  transpose_any(src, dst, batch, spatial, channels, element_bytes);
}

}  // namespace edgeq::xnnpack
