// AVX2 tile kernels of the linear kernels (compiled with -mavx2; called only when cpuinfo reports
// it).
//
// vpmaddubsw would add two u8 x s8 products into int16 and saturate (255 * 127 * 2 > 32767), so
// these kernels widen both operands to int16 and use vpmaddwd (int16 x int16 pairs summed into
// int32), which cannot overflow for int8 inputs. The activations stay signed (no +128 offset):
//   sum q * w - zero_point * sum w = sum (q - zero_point) * w.
// A 16-byte quarter of a 64-byte block (4 channels x 4 k) widens to one ymm; vpmaddwd with the
// 4 activations broadcast leaves per channel two partial sums (k 0-1 and k 2-3), added pairwise
// by vphaddd at the end.
#include <immintrin.h>

#include <cstring>

#include "delegate/xnnpack/kernels/linear_layout.h"

namespace edgeq::xnnpack::linear_internal {
namespace {

constexpr int kMaxRows = 2;  // 16 ymm registers: 4 accumulators per row plus operands

// The 4 activation bytes at `p` as int16, repeated in every 64-bit lane.
inline __m256i broadcast_quad_i16(const int8_t* p) {
  int32_t quad;
  std::memcpy(&quad, p, sizeof(quad));
  return _mm256_broadcastq_epi64(_mm_cvtepi8_epi16(_mm_cvtsi32_si128(quad)));
}

// Adds the products of 4 channel quarters (`w[c]`, int16) with one row's activations into acc.
inline void madd_quarters(__m256i acc[4], const __m256i w[4], __m256i a) {
  for (int c = 0; c < 4; ++c) acc[c] = _mm256_add_epi32(acc[c], _mm256_madd_epi16(w[c], a));
}

// The pairwise sums of 4 quarter accumulators: channels 0-7 in sums[0], 8-15 in sums[1].
inline void reduce_pairs(const __m256i acc[4], __m256i sums[2]) {
  for (int h = 0; h < 2; ++h) {
    const __m256i pairs = _mm256_hadd_epi32(acc[2 * h], acc[2 * h + 1]);
    sums[h] = _mm256_permute4x64_epi64(pairs, _MM_SHUFFLE(3, 1, 2, 0));
  }
}

// sum - zero_point * weight_sum, as f32.
inline __m256 corrected_f32(__m256i sum, int32_t zero_point, __m256i weight_sum) {
  const __m256i offset = _mm256_mullo_epi32(_mm256_set1_epi32(zero_point), weight_sum);
  return _mm256_cvtepi32_ps(_mm256_sub_epi32(sum, offset));
}

inline void store_columns(float* y, const __m256 value[2], int64_t cols) {
  if (cols == kNr) {
    _mm256_storeu_ps(y, value[0]);
    _mm256_storeu_ps(y + 8, value[1]);
    return;
  }
  alignas(32) float lanes[kNr];
  _mm256_store_ps(lanes, value[0]);
  _mm256_store_ps(lanes + 8, value[1]);
  std::memcpy(y, lanes, static_cast<size_t>(cols) * sizeof(float));
}

inline __m256i widen(const uint8_t* p) {
  return _mm256_cvtepi8_epi16(_mm_load_si128(reinterpret_cast<const __m128i*>(p)));
}

template <int MR>
void dynamic_int8_rows(const LinearGeometry& geometry, const TileJob& job, int64_t m0) {
  const uint8_t* blocks = job.tile + 3 * kHeaderBytes;
  const int64_t block_count = round_up(geometry.k, 4) / 4;
  const int8_t* act[MR];
  __m256i acc[MR][4];
  for (int r = 0; r < MR; ++r) {
    act[r] = job.act + (m0 + r) * geometry.act_stride;
    for (int c = 0; c < 4; ++c) acc[r][c] = _mm256_setzero_si256();
  }
  for (int64_t b = 0; b < block_count; ++b) {
    const uint8_t* block = blocks + b * 64;
    const __m256i w[4] = {widen(block), widen(block + 16), widen(block + 32), widen(block + 48)};
    for (int r = 0; r < MR; ++r) madd_quarters(acc[r], w, broadcast_quad_i16(act[r] + 4 * b));
  }
  const float* bias = reinterpret_cast<const float*>(job.tile);
  const float* scale = bias + kNr;
  const uint8_t* weight_sum = job.tile + 2 * kHeaderBytes;
  for (int r = 0; r < MR; ++r) {
    __m256i sums[2];
    reduce_pairs(acc[r], sums);
    const __m256 row_scale = _mm256_set1_ps(job.act_scale[m0 + r]);
    __m256 y[2];
    for (int h = 0; h < 2; ++h) {
      const __m256i ws = _mm256_load_si256(reinterpret_cast<const __m256i*>(weight_sum) + h);
      const __m256 f = corrected_f32(sums[h], job.act_zero_point[m0 + r], ws);
      const __m256 s = _mm256_mul_ps(row_scale, _mm256_load_ps(scale + 8 * h));
      y[h] = _mm256_add_ps(_mm256_mul_ps(f, s), _mm256_load_ps(bias + 8 * h));
    }
    store_columns(job.y + (m0 + r) * job.ldy, y, job.cols);
  }
}

template <int MR>
void int4_rows(const LinearGeometry& geometry, const TileJob& job, int64_t m0) {
  const __m256i low_mask = _mm256_set1_epi8(0x0F);
  const __m256i eight = _mm256_set1_epi8(8);
  const int8_t* act[MR];
  __m256 out[MR][2];
  for (int r = 0; r < MR; ++r) {
    act[r] = job.act + (m0 + r) * geometry.act_stride;
    out[r][0] = out[r][1] = _mm256_setzero_ps();
  }
  const uint8_t* at = job.tile + kHeaderBytes;
  for (int64_t g = 0; g < geometry.groups; ++g) {
    const float* scale = reinterpret_cast<const float*>(at);
    const __m256i* weight_sum = reinterpret_cast<const __m256i*>(at + kHeaderBytes);
    const uint8_t* units = at + 2 * kHeaderBytes;
    const int64_t unit_count = geometry.group_units(g);
    const int64_t k0 = g * geometry.group;
    __m256i acc[MR][4];
    for (int r = 0; r < MR; ++r) {
      for (int c = 0; c < 4; ++c) acc[r][c] = _mm256_setzero_si256();
    }
    for (int64_t u = 0; u < unit_count; ++u) {
      // Low nibbles hold k 0-3 of the unit, high nibbles k 4-7; a 32-byte half covers 8 channels.
      __m256i w_low[4], w_high[4];
      for (int h = 0; h < 2; ++h) {
        const __m256i packed =
            _mm256_load_si256(reinterpret_cast<const __m256i*>(units + u * 64) + h);
        const __m256i low = _mm256_sub_epi8(_mm256_and_si256(packed, low_mask), eight);
        const __m256i high =
            _mm256_sub_epi8(_mm256_and_si256(_mm256_srli_epi16(packed, 4), low_mask), eight);
        w_low[2 * h] = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(low));
        w_low[2 * h + 1] = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(low, 1));
        w_high[2 * h] = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(high));
        w_high[2 * h + 1] = _mm256_cvtepi8_epi16(_mm256_extracti128_si256(high, 1));
      }
      for (int r = 0; r < MR; ++r) {
        const int8_t* a = act[r] + k0 + 8 * u;
        madd_quarters(acc[r], w_low, broadcast_quad_i16(a));
        madd_quarters(acc[r], w_high, broadcast_quad_i16(a + 4));
      }
    }
    for (int r = 0; r < MR; ++r) {
      __m256i sums[2];
      reduce_pairs(acc[r], sums);
      for (int h = 0; h < 2; ++h) {
        const __m256 f =
            corrected_f32(sums[h], job.act_zero_point[m0 + r], _mm256_load_si256(weight_sum + h));
        out[r][h] = _mm256_add_ps(out[r][h], _mm256_mul_ps(f, _mm256_load_ps(scale + 8 * h)));
      }
    }
    at = units + unit_count * 64;
  }
  const float* bias = reinterpret_cast<const float*>(job.tile);
  for (int r = 0; r < MR; ++r) {
    const __m256 row_scale = _mm256_set1_ps(job.act_scale[m0 + r]);
    __m256 y[2];
    for (int h = 0; h < 2; ++h) {
      y[h] = _mm256_add_ps(_mm256_mul_ps(out[r][h], row_scale), _mm256_load_ps(bias + 8 * h));
    }
    store_columns(job.y + (m0 + r) * job.ldy, y, job.cols);
  }
}

}  // namespace

void quantize_values_avx2(const float* x, int64_t count, float scale, float zero_point, int8_t* q) {
  const __m256 s = _mm256_set1_ps(scale), zp = _mm256_set1_ps(zero_point);
  const __m256 lo = _mm256_set1_ps(-128.0f), hi = _mm256_set1_ps(127.0f);
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256 rounded = _mm256_round_ps(_mm256_div_ps(_mm256_loadu_ps(x + i), s),
                                           _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256 clamped = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(rounded, zp), lo), hi);
    // int32 -> int16 -> int8 with signed saturation (the values are already in range).
    const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(_mm256_cvtps_epi32(clamped)),
                                          _mm256_extracti128_si256(_mm256_cvtps_epi32(clamped), 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(q + i), _mm_packs_epi16(words, words));
  }
  quantize_values_portable(x + i, count - i, scale, zero_point, q + i);
}

void dynamic_int8_tile_avx2(const LinearGeometry& geometry, const TileJob& job) {
  for_row_blocks<kMaxRows>(job.rows, 0, [&](auto mr, int64_t m0) {
    dynamic_int8_rows<decltype(mr)::value>(geometry, job, m0);
  });
}

void int4_tile_avx2(const LinearGeometry& geometry, const TileJob& job) {
  for_row_blocks<kMaxRows>(
      job.rows, 0, [&](auto mr, int64_t m0) { int4_rows<decltype(mr)::value>(geometry, job, m0); });
}

}  // namespace edgeq::xnnpack::linear_internal
