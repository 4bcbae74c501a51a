// Internal to the dense convolution kernels (qconv_gemm*.cc): the packed weight layout, the
// indirection table and the per-ISA tile kernels.
//
// Arithmetic: every path computes acc = bias' + sum over taps and k of x_u8 * w with
// x_u8 = x ^ 0x80 = x + 128 (unsigned, the operand form of VNNI's vpdpbusd) and
// bias' = bias - (128 + input_zero_point) * sum_k w folded in at pack time, so acc equals
// bias + sum (x - input_zero_point) * w modulo 2^32 (int32 wrapping, as the reference).
//
// Packed weights: the output channels in blocks of kGemmNr = 16 (the last block padded with zero
// channels). Block b is contiguous, `block_bytes` long:
//   [bias' 16 i32][scale 16 f32][k-groups]; k-group (tap t, group q) holds at byte 4j + i the
//   weight w[16b + j][t][4q + i] (j < 16, i < 4); each tap's in_c is padded with zero weights to a
//   multiple of 4 (k_groups = ceil(in_c / 4) groups per tap).
// Run time: the input is copied once as x_u8 into the scratch (each row padded to 4 * k_groups
// bytes, so a kernel reads every 4-byte group whole and never past a row), next to a padding row
// holding the u8 form of the input zero point; the indirection table has, for each output pixel
// (over the batch) and tap, the address of the x_u8 row that tap reads (or of the padding
// row), so a tile kernel never computes coordinates.
#pragma once

#include <cstdint>

namespace edgeq::xnnpack::qconv_gemm {

constexpr int64_t kGemmNr = 16;
constexpr int64_t kBlockHeaderBytes = 2 * kGemmNr * 4;
constexpr int64_t kGroupBytes = kGemmNr * 4;

struct GemmLayout {
  int64_t taps = 0;
  int64_t in_c = 0;
  int64_t k_groups = 0;  // per tap
  int64_t block_bytes = 0;
  int64_t blocks = 0;
  int32_t output_zero_point = 0;
  int32_t qmin = -128;
  int32_t qmax = 127;
};

// One tile: `pixels` output pixels x `blocks` consecutive channel blocks.
struct GemmTile {
  // rows[p * taps + t]: the x_u8 row (4 * k_groups bytes) of pixel p, tap t
  const uint8_t* const* rows = nullptr;
  int64_t pixels = 0;
  const uint8_t* weights = nullptr;  // the first block of the tile
  int64_t blocks = 0;
  int64_t channels = 0;  // valid output channels from the first block on (may end mid-block)
  int8_t* y = nullptr;   // y[p * ldy + c]
  int64_t ldy = 0;
};

using GemmKernel = void (*)(const GemmLayout& layout, const GemmTile& tile);

// A kernel and the largest tile it takes (pixels x blocks).
struct GemmPath {
  GemmKernel kernel = nullptr;
  int64_t max_pixels = 1;
  int64_t max_blocks = 1;
};

GemmPath gemm_path_portable();
#if EDGEQ_LINEAR_X86
GemmPath gemm_path_avx2();
GemmPath gemm_path_avx512vnni();
#endif

}  // namespace edgeq::xnnpack::qconv_gemm
