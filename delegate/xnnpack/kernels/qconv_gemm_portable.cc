// Dense int8 convolution tile in plain C++ on the packed layout of qconv_gemm_layout.h: the
// reference the vector paths are tested against, and the path of CPUs without AVX2.

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"

namespace edgeq::xnnpack::gemm_internal {

void gemm_tile_portable(const GemmTile& tile) {
  const int64_t groups = round_up4(tile.in_c) / 4;
  const auto* bias = reinterpret_cast<const int32_t*>(tile.panel);
  const auto* scale = reinterpret_cast<const float*>(tile.panel + kGemmPanel * 4);
  const auto* weights = reinterpret_cast<const int8_t*>(tile.panel + kGemmPanel * 8);
  for (int64_t m = 0; m < kGemmRows; ++m) {
    if (tile.out[m] == nullptr) continue;
    for (int64_t j = 0; j < tile.channels; ++j) {
      uint32_t acc = static_cast<uint32_t>(bias[j]);  // wrapping, as the vector paths
      for (int64_t t = 0; t < tile.taps; ++t) {
        const int8_t* row = tile.rows[m * tile.taps + t];
        for (int64_t k = 0; k < tile.in_c; ++k) {
          const int64_t step = t * groups + k / 4;
          const int8_t w = weights[(step * tile.blocks + j / kGemmBlock) * kGemmBlock * 4 +
                                   (j % kGemmBlock) * 4 + k % 4];
          const uint32_t unsigned_x = static_cast<uint8_t>(row[k]) ^ 0x80u;  // x + 128
          acc += unsigned_x * static_cast<uint32_t>(int32_t{w});
        }
      }
      tile.out[m][j] = static_cast<int8_t>(
          runtime::requantize_fp32(static_cast<int32_t>(acc), scale[j], tile.output));
    }
  }
}

}  // namespace edgeq::xnnpack::gemm_internal
