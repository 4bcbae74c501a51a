// Dense int8 convolution tile with AVX-512 VNNI (compiled with -mavx512f/bw/vl/vnni, chosen at run
// time): kGemmRows pixels × up to 4 blocks of 16 channels in 16 zmm accumulators; per group of 4
// input channels one broadcast of each pixel's 4 bytes (made unsigned by ^ 0x80) and one vpdpbusd
// per pixel and block (u8 × s8, four products per int32 lane, not saturating, so exact).
#include <immintrin.h>

#include <cstring>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"

namespace edgeq::xnnpack::gemm_internal {
namespace {

// The last, partial group of 4 bytes at `p` (`mask` selects the readable ones; a masked load does
// not touch the others, which read as zero and only meet zero weights), broadcast.
inline __m512i broadcast_partial_group(const int8_t* p, __mmask16 mask) {
  return _mm512_broadcastd_epi32(_mm_maskz_loadu_epi8(mask, p));
}

template <int kBlocks>
void tile_blocks(const GemmTile& tile) {
  const __m512i sign = _mm512_set1_epi32(static_cast<int32_t>(0x80808080u));
  const auto* bias = reinterpret_cast<const int32_t*>(tile.panel);
  const auto* scale = reinterpret_cast<const float*>(tile.panel + kGemmPanel * 4);
  const auto* w = reinterpret_cast<const int8_t*>(tile.panel + kGemmPanel * 8);
  __m512i acc[kGemmRows][kBlocks];
  for (int b = 0; b < kBlocks; ++b) {
    const __m512i initial = _mm512_loadu_si512(bias + b * kGemmBlock);
    for (int m = 0; m < kGemmRows; ++m) acc[m][b] = initial;
  }
  const int64_t full = tile.in_c / 4 * 4;
  const int64_t tail = tile.in_c - full;
  const __mmask16 tail_mask = static_cast<__mmask16>((1u << tail) - 1);
  for (int64_t t = 0; t < tile.taps; ++t) {
    const int8_t* r[kGemmRows];
    for (int m = 0; m < kGemmRows; ++m) r[m] = tile.rows[m * tile.taps + t];
    for (int64_t k = 0; k < full; k += 4) {
      __m512i wv[kBlocks];
      for (int b = 0; b < kBlocks; ++b) wv[b] = _mm512_loadu_si512(w + b * 64);
      for (int m = 0; m < kGemmRows; ++m) {
        int32_t group;
        std::memcpy(&group, r[m] + k, 4);
        const __m512i a = _mm512_xor_si512(_mm512_set1_epi32(group), sign);
        for (int b = 0; b < kBlocks; ++b) acc[m][b] = _mm512_dpbusd_epi32(acc[m][b], a, wv[b]);
      }
      w += kBlocks * 64;
    }
    if (tail != 0) {
      __m512i wv[kBlocks];
      for (int b = 0; b < kBlocks; ++b) wv[b] = _mm512_loadu_si512(w + b * 64);
      for (int m = 0; m < kGemmRows; ++m) {
        const __m512i a =
            _mm512_xor_si512(broadcast_partial_group(r[m] + full, tail_mask), sign);
        for (int b = 0; b < kBlocks; ++b) acc[m][b] = _mm512_dpbusd_epi32(acc[m][b], a, wv[b]);
      }
      w += kBlocks * 64;
    }
  }
  const __m512 lo = _mm512_set1_ps(static_cast<float>(tile.output.qmin - tile.output.zero_point));
  const __m512 hi = _mm512_set1_ps(static_cast<float>(tile.output.qmax - tile.output.zero_point));
  const __m512i zero_point = _mm512_set1_epi32(tile.output.zero_point);
  for (int b = 0; b < kBlocks; ++b) {
    const int64_t valid = tile.channels - b * kGemmBlock;
    const __mmask16 mask =
        valid >= kGemmBlock ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << valid) - 1);
    const __m512 s = _mm512_loadu_ps(scale + b * kGemmBlock);
    for (int m = 0; m < kGemmRows; ++m) {
      if (tile.out[m] == nullptr) continue;
      __m512 f = _mm512_mul_ps(_mm512_cvtepi32_ps(acc[m][b]), s);
      f = _mm512_min_ps(_mm512_max_ps(f, lo), hi);
      const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(f), zero_point);
      _mm_mask_storeu_epi8(tile.out[m] + b * kGemmBlock, mask, _mm512_cvtsepi32_epi8(q));
    }
  }
}

}  // namespace

void gemm_tile_avx512vnni(const GemmTile& tile) {
  switch (tile.blocks) {
    case 1:
      return tile_blocks<1>(tile);
    case 2:
      return tile_blocks<2>(tile);
    case 3:
      return tile_blocks<3>(tile);
    default:
      return tile_blocks<4>(tile);
  }
}

}  // namespace edgeq::xnnpack::gemm_internal
