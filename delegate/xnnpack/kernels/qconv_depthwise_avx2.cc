// AVX2 depthwise pixel kernel (compiled with -mavx2; called only when cpuinfo reports it).
//
// Each 32-channel block is taken in two halves of 16 channels. Per tap pair, the two taps' 16
// input bytes are interleaved (vpunpck{l,h}bw) and widened to int16 pairs (vpmovsxbw), channels
// 0-7 and 8-15 of the half; vpmaddwd with the packed (w_a, w_b) pairs gives x_a * w_a + x_b * w_b
// exactly in int32. A half with fewer than 16 channels goes through a zeroed stack copy, so nothing
// past the rows is read or written.
#include <immintrin.h>

#include <cstring>

#include "delegate/xnnpack/kernels/qconv_depthwise_layout.h"

namespace edgeq::xnnpack::depthwise_internal {
namespace {

constexpr int64_t kHalf = 16;

inline __m128i load_channels(const int8_t* p, int64_t n) {
  if (n >= kHalf) return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  alignas(16) int8_t part[kHalf] = {};
  std::memcpy(part, p, static_cast<size_t>(n));
  return _mm_load_si128(reinterpret_cast<const __m128i*>(part));
}

struct Epilogue {
  __m256 min_less_zero_point;
  __m256 max_less_zero_point;
  __m256i zero_point;
};

// requantize_fp32 of 8 accumulators, as int32.
inline __m256i requantize(__m256i acc, const float* scale, const Epilogue& e) {
  __m256 scaled = _mm256_mul_ps(_mm256_cvtepi32_ps(acc), _mm256_load_ps(scale));
  scaled = _mm256_min_ps(_mm256_max_ps(scaled, e.min_less_zero_point), e.max_less_zero_point);
  return _mm256_add_epi32(_mm256_cvtps_epi32(scaled), e.zero_point);
}

// Channels `half` * 16 .. + n (n <= 16) of one packed block for one pixel; kPairs tap pairs, a
// compile-time count so the tap loop unrolls.
template <int64_t kPairs>
void half_block(const uint8_t* block, int64_t half, const int8_t* const* taps, int64_t c, int64_t n,
                int8_t* y, const Epilogue& e) {
  // Lanes of channels 0-7 of the half within lo, of channels 8-15 within hi (see the layout).
  const int64_t lo_lane = half * 8;
  const int64_t hi_lane = 16 + half * 8;
  const int32_t* bias = reinterpret_cast<const int32_t*>(block);
  __m256i acc0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + lo_lane));
  __m256i acc1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + hi_lane));
  const int32_t* w = reinterpret_cast<const int32_t*>(block + kDwBlock * 8);
  for (int64_t p = 0; p < kPairs; ++p, w += kDwBlock) {
    const __m128i a = load_channels(taps[2 * p] + c, n);
    const __m128i b = load_channels(taps[2 * p + 1] + c, n);
    const __m256i x0 = _mm256_cvtepi8_epi16(_mm_unpacklo_epi8(a, b));
    const __m256i x1 = _mm256_cvtepi8_epi16(_mm_unpackhi_epi8(a, b));
    acc0 = _mm256_add_epi32(
        acc0,
        _mm256_madd_epi16(x0, _mm256_load_si256(reinterpret_cast<const __m256i*>(w + lo_lane))));
    acc1 = _mm256_add_epi32(
        acc1,
        _mm256_madd_epi16(x1, _mm256_load_si256(reinterpret_cast<const __m256i*>(w + hi_lane))));
  }
  const float* scale = reinterpret_cast<const float*>(block + kDwBlock * 4);
  // int16 [0-3, 8-11 | 4-7, 12-15] -> [0-3, 4-7 | 8-11, 12-15] -> bytes in channel order.
  const __m256i words =
      _mm256_permute4x64_epi64(_mm256_packs_epi32(requantize(acc0, scale + lo_lane, e),
                                                  requantize(acc1, scale + hi_lane, e)),
                               0xD8);
  const __m128i out =
      _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
  if (n >= kHalf) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y), out);
  } else {
    alignas(16) int8_t part[kHalf];
    _mm_store_si128(reinterpret_cast<__m128i*>(part), out);
    std::memcpy(y, part, static_cast<size_t>(n));
  }
}

template <int64_t kPairs>
void pixels(const DwJob& job) {
  const int64_t bytes = block_bytes(job.taps);
  const Epilogue e{_mm256_set1_ps(static_cast<float>(job.output.qmin - job.output.zero_point)),
                   _mm256_set1_ps(static_cast<float>(job.output.qmax - job.output.zero_point)),
                   _mm256_set1_epi32(job.output.zero_point)};
  for (int64_t i = 0; i < job.pixels; ++i) {
    const int8_t* const* taps = job.tap_rows + i * 2 * kPairs;
    int8_t* y = job.y + i * job.channels;
    const uint8_t* block = job.packed;
    for (int64_t c0 = 0; c0 < job.channels; c0 += kDwBlock, block += bytes) {
      for (int64_t half = 0; half < 2 && c0 + half * kHalf < job.channels; ++half) {
        const int64_t c = c0 + half * kHalf;
        half_block<kPairs>(block, half, taps, c, job.channels - c, y + c, e);
      }
    }
  }
}

}  // namespace

void depthwise_pixels_avx2(const DwJob& job) {
  if (job.taps == 9) return pixels<5>(job);
  return pixels<13>(job);
}

}  // namespace edgeq::xnnpack::depthwise_internal
