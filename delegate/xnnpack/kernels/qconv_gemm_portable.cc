// Portable C++ tile kernel of the dense int8 convolution (layout in qconv_gemm_layout.h): the
// reference the vector paths must match, on the same packed weights and indirection table.
#include <cstring>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"
#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack::qconv_gemm {
namespace {

void tile_portable(const GemmLayout& layout, const GemmTile& tile) {
  const runtime::QuantRange range{layout.output_zero_point, layout.qmin, layout.qmax};
  for (int64_t p = 0; p < tile.pixels; ++p) {
    const uint8_t* const* rows = tile.rows + p * layout.taps;
    for (int64_t c = 0; c < tile.channels; ++c) {
      const uint8_t* block = tile.weights + c / kGemmNr * layout.block_bytes;
      const int64_t j = c % kGemmNr;
      int32_t bias;
      float scale;
      std::memcpy(&bias, block + 4 * j, sizeof(bias));
      std::memcpy(&scale, block + kGemmNr * 4 + 4 * j, sizeof(scale));
      const int8_t* w = reinterpret_cast<const int8_t*>(block + kBlockHeaderBytes) + 4 * j;
      // Unsigned: the sum wraps modulo 2^32 like the int32 accumulator of the vector paths.
      uint32_t acc = static_cast<uint32_t>(bias);
      for (int64_t t = 0; t < layout.taps; ++t) {
        const uint8_t* row = rows[t];
        for (int64_t i = 0; i < layout.in_c; ++i) {
          const int8_t weight = w[(t * layout.k_groups + i / 4) * kGroupBytes + i % 4];
          acc += static_cast<uint32_t>(row[i] * weight);
        }
      }
      tile.y[p * tile.ldy + c] =
          static_cast<int8_t>(runtime::requantize_fp32(static_cast<int32_t>(acc), scale, range));
    }
  }
}

}  // namespace

GemmPath gemm_path_portable() { return GemmPath{tile_portable, 4, 1}; }

}  // namespace edgeq::xnnpack::qconv_gemm
