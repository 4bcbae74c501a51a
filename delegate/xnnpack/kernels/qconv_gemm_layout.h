// Internal to the dense convolution kernels: the packed weight layout, one tile's arguments and the
// per-ISA tile kernels (qconv_gemm_{portable,avx2,avx512vnni}.cc) that qconv_gemm.cc dispatches to.
//
// The convolution is a GEMM: each output pixel is a row whose K = taps * in_c inputs are read
// through one pointer per tap (to an in_c-long input row, or to the padding row for a tap outside
// the image), so no im2col copy is made. Output channels are cut into panels of kGemmPanel = 64,
// each of 1 to 4 blocks of 16 (the last panel's last block padded with zero weights). A panel is
// contiguous:
//   [bias' 64 i32][scale 64 f32] then, per tap, per group of 4 input channels (in_c rounded up to
//   4, the missing channels' weights zero): blocks × [16 channels × 4 bytes] int8 weights,
// i.e. the operand order of vpdpbusd (four consecutive k of one channel in one int32 lane).
//
// The kernels multiply unsigned bytes x ^ 0x80 (= x + 128) by the signed weights, so
//   bias'[c] = bias[c] - (128 + input_zero_point) * (sum of channel c's weights)   (int32, wrapping)
// and the padding row holds the input zero point: a padded tap adds exactly nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "delegate/xnnpack/kernels/qconv_kernels.h"
#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack::gemm_internal {

constexpr int64_t kGemmPanel = 64;   // output channels per panel
constexpr int64_t kGemmBlock = 16;   // output channels per block (one zmm of int32)
constexpr int64_t kGemmRows = 4;     // output pixels per tile
constexpr int64_t kGemmMaxTaps = kMaxQConvTaps;

inline int64_t round_up4(int64_t v) { return (v + 3) / 4 * 4; }

// Bytes of a panel of `blocks` blocks.
inline int64_t panel_bytes(int64_t blocks, int64_t taps, int64_t in_c) {
  return kGemmPanel * 8 + taps * round_up4(in_c) / 4 * blocks * kGemmBlock * 4;
}

// One tile: kGemmRows output pixels (rows[m * taps + t] is pixel m's tap t; a tile with fewer
// pixels repeats its last one, whose output pointer is then null) × one panel's `channels`.
struct GemmTile {
  const int8_t* const* rows = nullptr;
  int64_t taps = 0;
  int64_t in_c = 0;
  const uint8_t* panel = nullptr;
  int64_t blocks = 0;    // 1..4
  int64_t channels = 0;  // valid channels of the panel, <= blocks * 16
  int8_t* out[kGemmRows] = {};
  runtime::QuantRange output;  // zero point and clamp of requantize_fp32
};

using GemmKernel = void (*)(const GemmTile& tile);

void gemm_tile_portable(const GemmTile& tile);
void gemm_tile_avx2(const GemmTile& tile);
void gemm_tile_avx512vnni(const GemmTile& tile);

}  // namespace edgeq::xnnpack::gemm_internal
