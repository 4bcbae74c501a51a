// AVX-512 VNNI tile kernels of the linear kernels (compiled with -mavx512f -mavx512bw
// -mavx512vnni; called only when cpuinfo reports them).
//
// vpdpbusd multiplies unsigned bytes by signed bytes. The signed activations q become unsigned
// by flipping their sign bit (q + 128), and the packed per-channel weight sums remove the offset:
//   sum (q + 128) * w - (zero_point + 128) * sum w = sum (q - zero_point) * w.
// Rows are processed MR at a time so each 64-byte weight block is loaded once per MR rows.
#include <immintrin.h>

#include <cstring>

#include "delegate/xnnpack/kernels/linear_layout.h"

namespace edgeq::xnnpack::linear_internal {
namespace {

// The 4 activation bytes at `p`, offset by +128, in every 32-bit lane.
inline __m512i broadcast_offset_quad(const int8_t* p) {
  int32_t quad;
  std::memcpy(&quad, p, sizeof(quad));
  return _mm512_xor_si512(_mm512_set1_epi32(quad), _mm512_set1_epi8(static_cast<char>(0x80)));
}

// acc - (zero_point + 128) * weight_sum, as f32.
inline __m512 corrected_f32(__m512i acc, int32_t zero_point, __m512i weight_sum) {
  const __m512i offset = _mm512_mullo_epi32(_mm512_set1_epi32(zero_point + 128), weight_sum);
  return _mm512_cvtepi32_ps(_mm512_sub_epi32(acc, offset));
}

inline void store_columns(float* y, __m512 value, int64_t cols) {
  _mm512_mask_storeu_ps(y, static_cast<__mmask16>((1u << cols) - 1u), value);
}

template <int MR>
void dynamic_int8_rows(const LinearGeometry& geometry, const TileJob& job, int64_t m0) {
  // A single row would wait on one accumulator chain: split the blocks over U chains.
  constexpr int U = MR == 1 ? 4 : (MR == 2 ? 2 : 1);
  const uint8_t* blocks = job.tile + 3 * kHeaderBytes;
  const int64_t block_count = round_up(geometry.k, 4) / 4;
  const int8_t* act[MR];
  __m512i acc[MR][U];
  for (int r = 0; r < MR; ++r) {
    act[r] = job.act + (m0 + r) * geometry.act_stride;
    for (int u = 0; u < U; ++u) acc[r][u] = _mm512_setzero_si512();
  }
  int64_t b = 0;
  for (; b + U <= block_count; b += U) {
    for (int u = 0; u < U; ++u) {
      const __m512i w = _mm512_load_si512(blocks + (b + u) * 64);
      for (int r = 0; r < MR; ++r) {
        acc[r][u] = _mm512_dpbusd_epi32(acc[r][u], broadcast_offset_quad(act[r] + 4 * (b + u)), w);
      }
    }
  }
  for (; b < block_count; ++b) {
    const __m512i w = _mm512_load_si512(blocks + b * 64);
    for (int r = 0; r < MR; ++r) {
      acc[r][0] = _mm512_dpbusd_epi32(acc[r][0], broadcast_offset_quad(act[r] + 4 * b), w);
    }
  }
  const __m512 bias = _mm512_load_ps(job.tile);
  const __m512 scale = _mm512_load_ps(job.tile + kHeaderBytes);
  const __m512i weight_sum = _mm512_load_si512(job.tile + 2 * kHeaderBytes);
  for (int r = 0; r < MR; ++r) {
    __m512i total = acc[r][0];
    for (int u = 1; u < U; ++u) total = _mm512_add_epi32(total, acc[r][u]);
    const __m512 f = corrected_f32(total, job.act_zero_point[m0 + r], weight_sum);
    const __m512 row_scale = _mm512_mul_ps(_mm512_set1_ps(job.act_scale[m0 + r]), scale);
    store_columns(job.y + (m0 + r) * job.ldy, _mm512_add_ps(_mm512_mul_ps(f, row_scale), bias),
                  job.cols);
  }
}

template <int MR>
void int4_rows(const LinearGeometry& geometry, const TileJob& job, int64_t m0) {
  const __m512i low_mask = _mm512_set1_epi8(0x0F);
  const __m512i eight = _mm512_set1_epi8(8);
  const int8_t* act[MR];
  __m512 out[MR];
  for (int r = 0; r < MR; ++r) {
    act[r] = job.act + (m0 + r) * geometry.act_stride;
    out[r] = _mm512_setzero_ps();
  }
  const uint8_t* at = job.tile + kHeaderBytes;
  for (int64_t g = 0; g < geometry.groups; ++g) {
    const __m512 scale = _mm512_load_ps(at);
    const __m512i weight_sum = _mm512_load_si512(at + kHeaderBytes);
    const uint8_t* units = at + 2 * kHeaderBytes;
    const int64_t unit_count = geometry.group_units(g);
    const int64_t k0 = g * geometry.group;
    __m512i acc_low[MR], acc_high[MR];
    for (int r = 0; r < MR; ++r) acc_low[r] = acc_high[r] = _mm512_setzero_si512();
    for (int64_t u = 0; u < unit_count; ++u) {
      const __m512i packed = _mm512_load_si512(units + u * 64);
      const __m512i w_low = _mm512_sub_epi8(_mm512_and_si512(packed, low_mask), eight);
      const __m512i w_high =
          _mm512_sub_epi8(_mm512_and_si512(_mm512_srli_epi16(packed, 4), low_mask), eight);
      for (int r = 0; r < MR; ++r) {
        const int8_t* a = act[r] + k0 + 8 * u;
        acc_low[r] = _mm512_dpbusd_epi32(acc_low[r], broadcast_offset_quad(a), w_low);
        acc_high[r] = _mm512_dpbusd_epi32(acc_high[r], broadcast_offset_quad(a + 4), w_high);
      }
    }
    for (int r = 0; r < MR; ++r) {
      const __m512 f = corrected_f32(_mm512_add_epi32(acc_low[r], acc_high[r]),
                                     job.act_zero_point[m0 + r], weight_sum);
      out[r] = _mm512_add_ps(out[r], _mm512_mul_ps(f, scale));
    }
    at = units + unit_count * 64;
  }
  const __m512 bias = _mm512_load_ps(job.tile);
  for (int r = 0; r < MR; ++r) {
    const __m512 y = _mm512_mul_ps(out[r], _mm512_set1_ps(job.act_scale[m0 + r]));
    store_columns(job.y + (m0 + r) * job.ldy, _mm512_add_ps(y, bias), job.cols);
  }
}

}  // namespace

void quantize_values_avx512(const float* x, int64_t count, float scale, float zero_point,
                            int8_t* q) {
  const __m512 s = _mm512_set1_ps(scale), zp = _mm512_set1_ps(zero_point);
  const __m512 lo = _mm512_set1_ps(-128.0f), hi = _mm512_set1_ps(127.0f);
  int64_t i = 0;
  for (; i + 16 <= count; i += 16) {
    const __m512 rounded = _mm512_roundscale_ps(_mm512_div_ps(_mm512_loadu_ps(x + i), s),
                                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 clamped = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(rounded, zp), lo), hi);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(q + i),
                     _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(clamped)));
  }
  quantize_values_portable(x + i, count - i, scale, zero_point, q + i);
}

void dynamic_int8_tile_avx512vnni(const LinearGeometry& geometry, const TileJob& job) {
  for_row_blocks<8>(job.rows, 0, [&](auto mr, int64_t m0) {
    dynamic_int8_rows<decltype(mr)::value>(geometry, job, m0);
  });
}

void int4_tile_avx512vnni(const LinearGeometry& geometry, const TileJob& job) {
  for_row_blocks<8>(
      job.rows, 0, [&](auto mr, int64_t m0) { int4_rows<decltype(mr)::value>(geometry, job, m0); });
}

}  // namespace edgeq::xnnpack::linear_internal
