// AVX2 tile kernel of the dense int8 convolution (layout in qconv_gemm_layout.h): up to 2 output
// pixels x one 16-channel block. vpmaddubsw would be the short route for u8 x s8, but it
// saturates its int16 pair sums (255 * 127 * 2 > 32767), so it would not match the reference;
// instead the weights are sign-extended to int16 (vpmovsxbw), the x_u8 bytes zero-extended, and
// vpmaddwd adds the exact products in int32 pairs: lanes (c, k0 + k1), (c, k2 + k3) per channel,
// folded with vphaddd after the loop.
#include <immintrin.h>

#include <cstring>

#include "delegate/xnnpack/kernels/qconv_gemm_layout.h"

namespace edgeq::xnnpack::qconv_gemm {
namespace {

constexpr int kMaxPixels = 2;

// The 4 x_u8 bytes of a k-group as int16, repeated 4 times.
inline __m256i expand_group(const uint8_t* group) {
  int32_t value;
  std::memcpy(&value, group, sizeof(value));
  return _mm256_cvtepu8_epi16(_mm_set1_epi32(value));
}

// Channels 8h .. 8h + 7 from two pair-sum accumulators (channels 8h..8h+3 and 8h+4..8h+7).
inline __m256i fold_pairs(__m256i a, __m256i b) {
  return _mm256_permute4x64_epi64(_mm256_hadd_epi32(a, b), 0xD8);
}

template <int MR>
void tile_avx2(const GemmLayout& layout, const GemmTile& tile) {
  __m256i acc[MR][4];
  for (int p = 0; p < MR; ++p) {
    for (int h = 0; h < 4; ++h) acc[p][h] = _mm256_setzero_si256();
  }
  const uint8_t* k_ptr = tile.weights + kBlockHeaderBytes;
  for (int64_t t = 0; t < layout.taps; ++t) {
    const uint8_t* rows[MR];
    for (int p = 0; p < MR; ++p) rows[p] = tile.rows[p * layout.taps + t];
    for (int64_t q = 0; q < layout.k_groups; ++q, k_ptr += kGroupBytes) {
      __m256i weights[4];
      for (int h = 0; h < 4; ++h) {
        weights[h] =
            _mm256_cvtepi8_epi16(_mm_load_si128(reinterpret_cast<const __m128i*>(k_ptr + 16 * h)));
      }
      for (int p = 0; p < MR; ++p) {
        const __m256i x = expand_group(rows[p] + 4 * q);
        for (int h = 0; h < 4; ++h) {
          acc[p][h] = _mm256_add_epi32(acc[p][h], _mm256_madd_epi16(x, weights[h]));
        }
      }
    }
  }
  const int32_t* bias = reinterpret_cast<const int32_t*>(tile.weights);
  const float* scale = reinterpret_cast<const float*>(tile.weights + kGemmNr * 4);
  const __m256 lo = _mm256_set1_ps(static_cast<float>(layout.qmin - layout.output_zero_point));
  const __m256 hi = _mm256_set1_ps(static_cast<float>(layout.qmax - layout.output_zero_point));
  const __m256i zero_point = _mm256_set1_epi32(layout.output_zero_point);
  for (int p = 0; p < MR; ++p) {
    __m256i q[2];
    for (int half = 0; half < 2; ++half) {
      const __m256i sum =
          _mm256_add_epi32(fold_pairs(acc[p][2 * half], acc[p][2 * half + 1]),
                           _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + 8 * half)));
      __m256 f = _mm256_mul_ps(_mm256_cvtepi32_ps(sum), _mm256_load_ps(scale + 8 * half));
      f = _mm256_min_ps(_mm256_max_ps(f, lo), hi);
      q[half] = _mm256_add_epi32(_mm256_cvtps_epi32(f), zero_point);
    }
    const __m256i words = _mm256_permute4x64_epi64(_mm256_packs_epi32(q[0], q[1]), 0xD8);
    const __m128i bytes =
        _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
    int8_t* out = tile.y + p * tile.ldy;
    if (tile.channels >= kGemmNr) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), bytes);
    } else {
      alignas(16) int8_t staged[kGemmNr];
      _mm_store_si128(reinterpret_cast<__m128i*>(staged), bytes);
      std::memcpy(out, staged, static_cast<size_t>(tile.channels));
    }
  }
}

void tile_dispatch(const GemmLayout& layout, const GemmTile& tile) {
  if (tile.pixels == kMaxPixels) {
    tile_avx2<kMaxPixels>(layout, tile);
  } else {
    tile_avx2<1>(layout, tile);
  }
}

}  // namespace

GemmPath gemm_path_avx2() { return GemmPath{tile_dispatch, kMaxPixels, 1}; }

}  // namespace edgeq::xnnpack::qconv_gemm
