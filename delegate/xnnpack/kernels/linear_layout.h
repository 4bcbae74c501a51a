// Internal to the linear kernels: the packed weight layout, the scratch layout of the quantized
// activations, and the per-ISA tile kernels that stream them.
//
// Packed weights: N is cut into tiles of kNr = 16 output channels (the last tile padded with zero
// rows). Each tile is contiguous, so a GEMV streams the buffer front to back:
//  dynamic int8: [bias 16 f32][scale 16 f32][weight row sums 16 i32][blocks]; block b (64 bytes)
//                holds w[n0 + j][4b + i] at byte 4j + i (j < 16, i < 4); K padded with zeros to 4.
//  8da4w:        [bias 16 f32] then per group g: [scale 16 f32][row sums over the group 16 i32]
//                [units]; unit u (64 bytes, 8 k) holds at byte 4j + i the value w + 8 of
//                k = 8u + i in the low nibble and of k = 8u + 4 + i in the high nibble; a group
//                is padded to a multiple of 8 with w = 0.
// Scratch: q [rows][kActStride] i8 (zero past K), then scale [rows] f32, zero point [rows] i32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace edgeq::xnnpack::linear_internal {

constexpr int64_t kNr = 16;
constexpr int64_t kHeaderBytes = kNr * 4;  // one 16-lane f32/i32 vector

inline int64_t round_up(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

// Geometry shared by packing and the kernels.
struct LinearGeometry {
  int64_t k = 0;
  int64_t group = 0;   // 8da4w group size (K for dynamic int8)
  int64_t groups = 1;  // 8da4w groups per row
  int64_t tile_bytes = 0;
  int64_t act_stride = 0;  // bytes per quantized activation row

  // 8da4w: k-units of 8 in group g, and the bytes a full group occupies in a tile.
  int64_t group_len(int64_t g) const { return g + 1 < groups ? group : k - g * group; }
  int64_t group_units(int64_t g) const { return round_up(group_len(g), 8) / 8; }
  int64_t full_group_bytes() const { return 2 * kHeaderBytes + group / 8 * 64; }
};

LinearGeometry dynamic_int8_geometry(int64_t k);
LinearGeometry int4_geometry(int64_t k, int64_t group);

// One tile of columns for `rows` rows of activations.
struct TileJob {
  const uint8_t* tile = nullptr;
  const int8_t* act = nullptr;  // row m at act + m * geometry.act_stride
  const float* act_scale = nullptr;
  const int32_t* act_zero_point = nullptr;
  int64_t rows = 0;
  float* y = nullptr;  // y[m * ldy + j] for j < cols
  int64_t ldy = 0;
  int64_t cols = 0;  // valid columns of the tile, 1..16
};

// Calls fn(std::integral_constant<int, R>(), m) over rows [m0, rows) in blocks of R = MR rows,
// then of MR / 2, ..., 1 for the rest (so a kernel is instantiated for a few fixed row counts).
template <int MR, typename Fn>
void for_row_blocks(int64_t rows, int64_t m0, Fn&& fn) {
  for (; m0 + MR <= rows; m0 += MR) fn(std::integral_constant<int, MR>(), m0);
  if constexpr (MR > 1) for_row_blocks<MR / 2>(rows, m0, fn);
}

using QuantizeValues = void (*)(const float* x, int64_t count, float scale, float zero_point,
                                int8_t* q);
using TileKernel = void (*)(const LinearGeometry& geometry, const TileJob& job);

// q[i] = clamp(round_half_even(x[i] / scale) + zero_point, -128, 127), computed in f32 exactly
// as the runtime's DynamicQuantize does (the vector versions give the same bits).
void quantize_values_portable(const float* x, int64_t count, float scale, float zero_point,
                              int8_t* q);

void dynamic_int8_tile_portable(const LinearGeometry& geometry, const TileJob& job);
void int4_tile_portable(const LinearGeometry& geometry, const TileJob& job);
#if EDGEQ_LINEAR_X86
void quantize_values_avx2(const float* x, int64_t count, float scale, float zero_point, int8_t* q);
void quantize_values_avx512(const float* x, int64_t count, float scale, float zero_point,
                            int8_t* q);
void dynamic_int8_tile_avx2(const LinearGeometry& geometry, const TileJob& job);
void int4_tile_avx2(const LinearGeometry& geometry, const TileJob& job);
void dynamic_int8_tile_avx512vnni(const LinearGeometry& geometry, const TileJob& job);
void int4_tile_avx512vnni(const LinearGeometry& geometry, const TileJob& job);
#endif

}  // namespace edgeq::xnnpack::linear_internal
