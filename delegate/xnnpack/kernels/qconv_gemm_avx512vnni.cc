// Dense int8 convolution tile with AVX-512 VNNI (compiled with -mavx512f/bw/vl/vnni, chosen at run
// time): 4 pixels × up to 4 blocks of 16 channels in 16 zmm accumulators; per group of 4 input
// channels one broadcast of each pixel's 4 bytes (made unsigned by ^ 0x80) and one vpdpbusd per
// pixel and block (u8 × s8, four products per int32 lane, not saturating, so exact).
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

// One pixel's accumulators for up to 4 blocks. Plain variables, not an array: GCC 12 keeps an
// array of accumulators on the stack and copies each one around every vpdpbusd, which halved the
// kernel's speed.
struct RowAccumulators {
  __m512i c0, c1, c2, c3;
};

template <int kBlocks>
inline __attribute__((always_inline)) void accumulate(RowAccumulators& acc, __m512i a,
                                                      __m512i w0, __m512i w1, __m512i w2,
                                                      __m512i w3) {
  acc.c0 = _mm512_dpbusd_epi32(acc.c0, a, w0);
  if constexpr (kBlocks > 1) acc.c1 = _mm512_dpbusd_epi32(acc.c1, a, w1);
  if constexpr (kBlocks > 2) acc.c2 = _mm512_dpbusd_epi32(acc.c2, a, w2);
  if constexpr (kBlocks > 3) acc.c3 = _mm512_dpbusd_epi32(acc.c3, a, w3);
}

// Requantizes block `b` of one pixel's accumulators into `out` (null: a repeated pixel).
inline void store_block(__m512i acc, const float* scale, __m512 lo, __m512 hi, __m512i zero_point,
                        __mmask16 mask, int8_t* out) {
  if (out == nullptr) return;
  __m512 f = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), _mm512_loadu_ps(scale));
  f = _mm512_min_ps(_mm512_max_ps(f, lo), hi);
  const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(f), zero_point);
  _mm_mask_storeu_epi8(out, mask, _mm512_cvtsepi32_epi8(q));
}

template <int kBlocks>
void tile_blocks(const GemmTile& tile) {
  static_assert(kGemmRows == 4, "the kernel holds 4 pixels");
  const __m512i sign = _mm512_set1_epi32(static_cast<int32_t>(0x80808080u));
  const auto* bias = reinterpret_cast<const int32_t*>(tile.panel);
  const auto* scale = reinterpret_cast<const float*>(tile.panel + kGemmPanel * 4);
  const auto* w = reinterpret_cast<const int8_t*>(tile.panel + kGemmPanel * 8);
  RowAccumulators init;
  init.c0 = _mm512_loadu_si512(bias);
  init.c1 = kBlocks > 1 ? _mm512_loadu_si512(bias + 16) : init.c0;
  init.c2 = kBlocks > 2 ? _mm512_loadu_si512(bias + 32) : init.c0;
  init.c3 = kBlocks > 3 ? _mm512_loadu_si512(bias + 48) : init.c0;
  RowAccumulators p0 = init, p1 = init, p2 = init, p3 = init;
  const int64_t full = tile.in_c / 4 * 4;
  const int64_t tail = tile.in_c - full;
  const __mmask16 tail_mask = static_cast<__mmask16>((1u << tail) - 1);
  const auto weights = [&](int b) {
    return b < kBlocks ? _mm512_loadu_si512(w + b * 64) : _mm512_setzero_si512();
  };
  for (int64_t t = 0; t < tile.taps; ++t) {
    const int8_t* r0 = tile.rows[0 * tile.taps + t];
    const int8_t* r1 = tile.rows[1 * tile.taps + t];
    const int8_t* r2 = tile.rows[2 * tile.taps + t];
    const int8_t* r3 = tile.rows[3 * tile.taps + t];
    for (int64_t k = 0; k < full; k += 4) {
      const __m512i w0 = weights(0), w1 = weights(1), w2 = weights(2), w3 = weights(3);
      int32_t g0, g1, g2, g3;
      std::memcpy(&g0, r0 + k, 4);
      std::memcpy(&g1, r1 + k, 4);
      std::memcpy(&g2, r2 + k, 4);
      std::memcpy(&g3, r3 + k, 4);
      accumulate<kBlocks>(p0, _mm512_xor_si512(_mm512_set1_epi32(g0), sign), w0, w1, w2, w3);
      accumulate<kBlocks>(p1, _mm512_xor_si512(_mm512_set1_epi32(g1), sign), w0, w1, w2, w3);
      accumulate<kBlocks>(p2, _mm512_xor_si512(_mm512_set1_epi32(g2), sign), w0, w1, w2, w3);
      accumulate<kBlocks>(p3, _mm512_xor_si512(_mm512_set1_epi32(g3), sign), w0, w1, w2, w3);
      w += kBlocks * 64;
    }
    if (tail != 0) {
      const __m512i w0 = weights(0), w1 = weights(1), w2 = weights(2), w3 = weights(3);
      const auto group = [&](const int8_t* r) {
        return _mm512_xor_si512(broadcast_partial_group(r + full, tail_mask), sign);
      };
      accumulate<kBlocks>(p0, group(r0), w0, w1, w2, w3);
      accumulate<kBlocks>(p1, group(r1), w0, w1, w2, w3);
      accumulate<kBlocks>(p2, group(r2), w0, w1, w2, w3);
      accumulate<kBlocks>(p3, group(r3), w0, w1, w2, w3);
      w += kBlocks * 64;
    }
  }
  const __m512 lo = _mm512_set1_ps(static_cast<float>(tile.output.qmin - tile.output.zero_point));
  const __m512 hi = _mm512_set1_ps(static_cast<float>(tile.output.qmax - tile.output.zero_point));
  const __m512i zero_point = _mm512_set1_epi32(tile.output.zero_point);
  const RowAccumulators* pixels[kGemmRows] = {&p0, &p1, &p2, &p3};
  for (int b = 0; b < kBlocks; ++b) {
    const int64_t valid = tile.channels - b * kGemmBlock;
    const __mmask16 mask =
        valid >= kGemmBlock ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << valid) - 1);
    for (int m = 0; m < kGemmRows; ++m) {
      const RowAccumulators& acc = *pixels[m];
      const __m512i block = b == 0 ? acc.c0 : b == 1 ? acc.c1 : b == 2 ? acc.c2 : acc.c3;
      store_block(block, scale + b * kGemmBlock, lo, hi, zero_point, mask,
                  tile.out[m] == nullptr ? nullptr : tile.out[m] + b * kGemmBlock);
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
