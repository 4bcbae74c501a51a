// AVX-512 VNNI tile kernel of the dense int8 convolution (layout in qconv_gemm_layout.h): up to
// 6 output pixels x 4 channel blocks (64 channels) in 24 zmm accumulators; each 4-byte k-group is
// one vpdpbusd (x_u8 broadcast x 16 channels' int8 weights, 4 products per int32 lane, wrapping).
#include <immintrin.h>

#include <array>
#include <cstring>
#include <utility>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"

namespace edgeq::xnnpack::qconv_gemm {
namespace {

constexpr int kMaxPixels = 6;
constexpr int kMaxBlocks = 4;

// The 4 x_u8 bytes of one k-group in every lane.
inline __m512i broadcast_group(const uint8_t* group) {
  int32_t value;
  std::memcpy(&value, group, sizeof(value));
  return _mm512_set1_epi32(value);
}

template <int MR, int NB>
void tile_avx512vnni(const GemmLayout& layout, const GemmTile& tile) {
  const int64_t bb = layout.block_bytes;
  const uint8_t* w = tile.weights;
  __m512i acc[MR][NB];
  for (int n = 0; n < NB; ++n) {
    const __m512i bias = _mm512_load_si512(w + n * bb);
    for (int p = 0; p < MR; ++p) acc[p][n] = bias;
  }
  const uint8_t* k_ptr = w + kBlockHeaderBytes;
  for (int64_t t = 0; t < layout.taps; ++t) {
    const uint8_t* rows[MR];
    for (int p = 0; p < MR; ++p) rows[p] = tile.rows[p * layout.taps + t];
    for (int64_t q = 0; q < layout.k_groups; ++q, k_ptr += kGroupBytes) {
      __m512i weights[NB];
      for (int n = 0; n < NB; ++n) weights[n] = _mm512_load_si512(k_ptr + n * bb);
      for (int p = 0; p < MR; ++p) {
        const __m512i x = broadcast_group(rows[p] + 4 * q);
        for (int n = 0; n < NB; ++n) acc[p][n] = _mm512_dpbusd_epi32(acc[p][n], x, weights[n]);
      }
    }
  }
  const __m512 lo = _mm512_set1_ps(static_cast<float>(layout.qmin - layout.output_zero_point));
  const __m512 hi = _mm512_set1_ps(static_cast<float>(layout.qmax - layout.output_zero_point));
  const __m512i zero_point = _mm512_set1_epi32(layout.output_zero_point);
  for (int n = 0; n < NB; ++n) {
    const __m512 scale = _mm512_load_ps(w + n * bb + kGemmNr * 4);
    const int64_t valid = tile.channels - n * kGemmNr;
    const __mmask16 mask =
        valid >= kGemmNr ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << valid) - 1u);
    for (int p = 0; p < MR; ++p) {
      __m512 f = _mm512_mul_ps(_mm512_cvtepi32_ps(acc[p][n]), scale);
      f = _mm512_min_ps(_mm512_max_ps(f, lo), hi);
      const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(f), zero_point);
      _mm_mask_storeu_epi8(tile.y + p * tile.ldy + n * kGemmNr, mask, _mm512_cvtepi32_epi8(q));
    }
  }
}

using Kernel = void (*)(const GemmLayout&, const GemmTile&);

template <int MR, int... NB>
constexpr std::array<Kernel, kMaxBlocks> kernels_for_pixels(std::integer_sequence<int, NB...>) {
  return {tile_avx512vnni<MR, NB + 1>...};
}

template <int... MR>
constexpr std::array<std::array<Kernel, kMaxBlocks>, kMaxPixels> kernel_table(
    std::integer_sequence<int, MR...>) {
  return {kernels_for_pixels<MR + 1>(std::make_integer_sequence<int, kMaxBlocks>())...};
}

constexpr auto kKernels = kernel_table(std::make_integer_sequence<int, kMaxPixels>());

void tile_dispatch(const GemmLayout& layout, const GemmTile& tile) {
  kKernels[static_cast<size_t>(tile.pixels - 1)][static_cast<size_t>(tile.blocks - 1)](layout,
                                                                                       tile);
}

}  // namespace

GemmPath gemm_path_avx512vnni() { return GemmPath{tile_dispatch, kMaxPixels, kMaxBlocks}; }

}  // namespace edgeq::xnnpack::qconv_gemm
