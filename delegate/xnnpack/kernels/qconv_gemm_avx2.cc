// Dense int8 convolution tile with AVX2 (compiled with -mavx2, chosen at run time). vpmaddubsw
// would saturate its int16 pair sums (255 * 127 * 2 > 32767) and so differ from the reference;
// instead the weights are sign-extended and the unsigned inputs zero-extended to int16 and
// multiplied with vpmaddwd (exact int32 pair sums). Per block of 16 channels and pair of pixels:
// 8 accumulators, each holding two partial sums per channel, added pairwise at the end.
#include <immintrin.h>

#include <cstring>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"

namespace edgeq::xnnpack::gemm_internal {
namespace {

constexpr int kPair = 2;  // pixels per pass

// The group of 4 input bytes at `p` (only `count` readable), made unsigned (x ^ 0x80), as int16 in
// the low 64 bits of every 128-bit half.
inline __m256i broadcast_group(const int8_t* p, int64_t count) {
  int32_t v = 0;
  std::memcpy(&v, p, static_cast<size_t>(count));
  const __m128i bytes = _mm_xor_si128(_mm_cvtsi32_si128(v), _mm_set1_epi8(static_cast<char>(0x80)));
  return _mm256_broadcastq_epi64(_mm_cvtepu8_epi16(bytes));
}

// Channels 0-7 of a block from the accumulators of chunks (0, 1), or 8-15 from (2, 3).
inline __m256i channel_sums(__m256i a, __m256i b) {
  return _mm256_permute4x64_epi64(_mm256_hadd_epi32(a, b), 0xD8);
}

void block_pair(const GemmTile& tile, int64_t block, int m0) {
  const int64_t groups = round_up4(tile.in_c) / 4;
  const auto* w = reinterpret_cast<const int8_t*>(tile.panel + kGemmPanel * 8) + block * 64;
  const int64_t step_bytes = tile.blocks * 64;
  __m256i acc[kPair][4];
  for (auto& row : acc) {
    for (__m256i& chunk : row) chunk = _mm256_setzero_si256();
  }
  for (int64_t t = 0; t < tile.taps; ++t) {
    const int8_t* r[kPair] = {tile.rows[m0 * tile.taps + t], tile.rows[(m0 + 1) * tile.taps + t]};
    for (int64_t g = 0; g < groups; ++g, w += step_bytes) {
      const int64_t count = tile.in_c - g * 4 < 4 ? tile.in_c - g * 4 : 4;
      __m256i wv[4];
      for (int c = 0; c < 4; ++c) {
        wv[c] = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + c * 16)));
      }
      for (int m = 0; m < kPair; ++m) {
        const __m256i a = broadcast_group(r[m] + g * 4, count);
        for (int c = 0; c < 4; ++c) {
          acc[m][c] = _mm256_add_epi32(acc[m][c], _mm256_madd_epi16(a, wv[c]));
        }
      }
    }
  }
  const auto* bias = reinterpret_cast<const int32_t*>(tile.panel) + block * kGemmBlock;
  const auto* scale = reinterpret_cast<const float*>(tile.panel + kGemmPanel * 4) + block * kGemmBlock;
  const __m256 lo = _mm256_set1_ps(static_cast<float>(tile.output.qmin - tile.output.zero_point));
  const __m256 hi = _mm256_set1_ps(static_cast<float>(tile.output.qmax - tile.output.zero_point));
  const __m256i zero_point = _mm256_set1_epi32(tile.output.zero_point);
  const int64_t valid = tile.channels - block * kGemmBlock;
  for (int m = 0; m < kPair; ++m) {
    int8_t* out = tile.out[m0 + m];
    if (out == nullptr) continue;
    alignas(32) int32_t codes[kGemmBlock];
    for (int half = 0; half < 2; ++half) {
      __m256i sums = channel_sums(acc[m][2 * half], acc[m][2 * half + 1]);
      sums = _mm256_add_epi32(
          sums, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bias + half * 8)));
      __m256 f = _mm256_mul_ps(_mm256_cvtepi32_ps(sums), _mm256_loadu_ps(scale + half * 8));
      f = _mm256_min_ps(_mm256_max_ps(f, lo), hi);
      _mm256_store_si256(reinterpret_cast<__m256i*>(codes + half * 8),
                         _mm256_add_epi32(_mm256_cvtps_epi32(f), zero_point));
    }
    for (int64_t j = 0; j < valid && j < kGemmBlock; ++j) {
      out[block * kGemmBlock + j] = static_cast<int8_t>(codes[j]);
    }
  }
}

}  // namespace

void gemm_tile_avx2(const GemmTile& tile) {
  for (int64_t block = 0; block < tile.blocks; ++block) {
    for (int m0 = 0; m0 < kGemmRows; m0 += kPair) block_pair(tile, block, m0);
  }
}

}  // namespace edgeq::xnnpack::gemm_internal
