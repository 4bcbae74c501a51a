// AVX-512 VNNI depthwise pixel kernel (compiled with -mavx512f -mavx512bw -mavx512vl
// -mavx512vnni; called only when cpuinfo reports them).
//
// Per 32-channel block and tap pair: the two taps' 32 input bytes are interleaved within 128-bit
// lanes (vpunpck{l,h}bw) and widened to int16 pairs (vpmovsxbw), giving channels 0-7, 16-23 and
// 8-15, 24-31; one vpdpwssd each adds x_a * w_a + x_b * w_b (exact: int8 products in int32) into
// the accumulators in that order, which is the order of the packed weights, bias' and scales.
// Blocks with fewer than 32 channels load and store under a byte mask, so nothing past the rows
// is touched.
#include <immintrin.h>

#include "delegate/xnnpack/kernels/qconv_depthwise_layout.h"

namespace edgeq::xnnpack::depthwise_internal {
namespace {

struct Epilogue {
  __m512 min_less_zero_point;
  __m512 max_less_zero_point;
  __m512i zero_point;  // int16 lanes
  __m512i order;       // dword permutation of the packed bytes into channel order
};

// requantize_fp32 of 16 accumulators before adding the zero point: int32 in
// [qmin - zero_point, qmax - zero_point], within int16.
inline __m512i requantize_centered(__m512i acc, __m512 scale, const Epilogue& e) {
  __m512 scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), scale);
  scaled = _mm512_min_ps(_mm512_max_ps(scaled, e.min_less_zero_point), e.max_less_zero_point);
  return _mm512_cvtps_epi32(scaled);
}

// The 32 output bytes of a block in channel order, from the accumulators of channels 0-7, 16-23
// (lo) and 8-15, 24-31 (hi). Packing to int16 interleaves them per 128-bit lane as [0-3, 8-11],
// [4-7, 12-15], [16-19, 24-27], [20-23, 28-31]; the zero point is added there (no saturation:
// the sums are within [qmin, qmax]); packing to bytes keeps that order in dwords 0, 1, 4, 5, 8, 9,
// 12, 13, which one permutation sorts.
inline __m256i output_bytes(__m512i lo, __m512i hi, const float* scale, const Epilogue& e) {
  const __m512i words =
      _mm512_add_epi16(_mm512_packs_epi32(requantize_centered(lo, _mm512_load_ps(scale), e),
                                          requantize_centered(hi, _mm512_load_ps(scale + 16), e)),
                       e.zero_point);
  return _mm512_castsi512_si256(
      _mm512_permutexvar_epi32(e.order, _mm512_packs_epi16(words, words)));
}

// kPairs tap pairs, a compile-time count so the tap loop unrolls.
template <int64_t kPairs>
void pixels(const DwJob& job) {
  const int64_t bytes = block_bytes(job.taps);
  const Epilogue e{_mm512_set1_ps(static_cast<float>(job.output.qmin - job.output.zero_point)),
                   _mm512_set1_ps(static_cast<float>(job.output.qmax - job.output.zero_point)),
                   _mm512_set1_epi16(static_cast<int16_t>(job.output.zero_point)),
                   _mm512_setr_epi32(0, 4, 1, 5, 8, 12, 9, 13, 0, 0, 0, 0, 0, 0, 0, 0)};
  for (int64_t i = 0; i < job.pixels; ++i) {
    const int8_t* const* taps = job.tap_rows + i * 2 * kPairs;
    int8_t* y = job.y + i * job.channels;
    const uint8_t* block = job.packed;
    for (int64_t c0 = 0; c0 < job.channels; c0 += kDwBlock, block += bytes) {
      const int64_t n = job.channels - c0;
      const __mmask32 mask = n >= kDwBlock ? ~__mmask32{0} : (__mmask32{1} << n) - 1;
      __m512i acc_lo = _mm512_load_si512(block);
      __m512i acc_hi = _mm512_load_si512(block + 64);
      const uint8_t* w = block + kDwBlock * 8;
      for (int64_t p = 0; p < kPairs; ++p, w += 128) {
        const __m256i a = _mm256_maskz_loadu_epi8(mask, taps[2 * p] + c0);
        const __m256i b = _mm256_maskz_loadu_epi8(mask, taps[2 * p + 1] + c0);
        acc_lo = _mm512_dpwssd_epi32(acc_lo, _mm512_cvtepi8_epi16(_mm256_unpacklo_epi8(a, b)),
                                     _mm512_load_si512(w));
        acc_hi = _mm512_dpwssd_epi32(acc_hi, _mm512_cvtepi8_epi16(_mm256_unpackhi_epi8(a, b)),
                                     _mm512_load_si512(w + 64));
      }
      const float* scale = reinterpret_cast<const float*>(block + kDwBlock * 4);
      _mm256_mask_storeu_epi8(y + c0, mask, output_bytes(acc_lo, acc_hi, scale, e));
    }
  }
}

}  // namespace

void depthwise_pixels_avx512vnni(const DwJob& job) {
  if (job.taps == 9) return pixels<5>(job);
  return pixels<13>(job);
}

}  // namespace edgeq::xnnpack::depthwise_internal
