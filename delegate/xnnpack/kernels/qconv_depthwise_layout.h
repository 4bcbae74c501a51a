// Internal to the depthwise convolution kernels: the packed weight layout, the per-call job and the
// per-ISA pixel kernels (qconv_depthwise_{portable,avx2,avx512vnni}.cc) that qconv_depthwise.cc
// dispatches to.
//
// Channels are cut into blocks of kDwBlock = 32 (the last block padded with zero weights). The
// taps (kernel_h * kernel_w, row-major) are taken in pairs; an odd count gets a last tap with zero
// weights. Each block is contiguous:
//   [bias' 32 i32][scale 32 f32] then per tap pair p: [lo 32 i16][hi 32 i16]
// where lo holds the int16 pairs (w[2p][c], w[2p+1][c]) of channels 0-7 then 16-23 of the block
// and hi those of channels 8-15 then 24-31. bias' and scale are stored in the same order (lo's 16
// channels, then hi's). This is the order in which unpacking the bytes of two taps' 32 channels
// within 128-bit lanes and widening to int16 leaves them, so one vpmaddwd / vpdpwssd multiplies
// two taps of 16 channels without further shuffles.
//
// bias'[c] = bias[c] - input_zero_point * sum over taps of w[tap][c] (int32, wrapping), so the
// kernels multiply the raw input bytes: padded taps read a row filled with the input zero point
// (kept in the scratch), which the folded term cancels exactly.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack::depthwise_internal {

constexpr int64_t kDwBlock = 32;
constexpr int64_t kDwMaxKernel = 5;  // kernels are 3x3 or 5x5
constexpr int64_t kDwMaxPaddedTaps = 26;

inline int64_t padded_taps(int64_t taps) { return (taps + 1) / 2 * 2; }

// Bytes of one packed channel block with `taps` taps.
inline int64_t block_bytes(int64_t taps) {
  return kDwBlock * 8 + padded_taps(taps) / 2 * kDwBlock * 2 * 2;
}

// Position of channel j (0..31) of a block in the lo/hi order of bias', scale and the weight pairs:
// 0..15 within lo, 16..31 within hi.
inline int64_t lane_of_channel(int64_t j) { return (j / 8 % 2) * 16 + (j / 16) * 8 + j % 8; }

// `pixels` output pixels; pixel i reads tap t at tap_rows[i * padded_taps(taps) + t] (each
// pointing to `channels` readable bytes) and writes y + i * channels.
struct DwJob {
  const uint8_t* packed = nullptr;
  int64_t taps = 0;  // kernel_h * kernel_w (before padding to pairs)
  int64_t channels = 0;
  const int8_t* const* tap_rows = nullptr;
  int64_t pixels = 0;
  int8_t* y = nullptr;
  runtime::QuantRange output;  // zero point and clamp of requantize_fp32
};

using DwKernel = void (*)(const DwJob& job);

void depthwise_pixels_portable(const DwJob& job);
void depthwise_pixels_avx2(const DwJob& job);
void depthwise_pixels_avx512vnni(const DwJob& job);

}  // namespace edgeq::xnnpack::depthwise_internal
