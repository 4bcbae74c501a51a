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
  __m512i zero_point;
};

// requantize_fp32 of 16 accumulators, as int32.
inline __m512i requantize(__m512i acc, __m512 scale, const Epilogue& e) {
  __m512 scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), scale);
  scaled = _mm512_min_ps(_mm512_max_ps(scaled, e.min_less_zero_point), e.max_less_zero_point);
  return _mm512_add_epi32(_mm512_cvtps_epi32(scaled), e.zero_point);
}

// kPairs tap pairs, a compile-time count so the tap loop unrolls.
template <int64_t kPairs>
void pixels(const DwJob& job) {
  const int64_t bytes = block_bytes(job.taps);
  const Epilogue e{_mm512_set1_ps(static_cast<float>(job.output.qmin - job.output.zero_point)),
                   _mm512_set1_ps(static_cast<float>(job.output.qmax - job.output.zero_point)),
                   _mm512_set1_epi32(job.output.zero_point)};
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
      // Bytes of channels 0-7, 16-23 and 8-15, 24-31, back into channel order.
      const __m128i lo = _mm512_cvtepi32_epi8(requantize(acc_lo, _mm512_load_ps(scale), e));
      const __m128i hi = _mm512_cvtepi32_epi8(requantize(acc_hi, _mm512_load_ps(scale + 16), e));
      const __m256i out = _mm256_inserti128_si256(
          _mm256_castsi128_si256(_mm_unpacklo_epi64(lo, hi)), _mm_unpackhi_epi64(lo, hi), 1);
      _mm256_mask_storeu_epi8(y + c0, mask, out);
    }
  }
}

}  // namespace

void depthwise_pixels_avx512vnni(const DwJob& job) {
  if (job.taps == 9) return pixels<5>(job);
  return pixels<13>(job);
}

}  // namespace edgeq::xnnpack::depthwise_internal
