// Portable depthwise pixel kernel: plain C++ over the packed layout of qconv_depthwise_layout.h
// in runs of 8 channels (contiguous in the lo / hi lane order, so full runs vectorise), with the
// runtime's requantize_fp32.
#include <algorithm>

#include "delegate/xnnpack/kernels/qconv_depthwise_layout.h"

namespace edgeq::xnnpack::depthwise_internal {
namespace {

constexpr int64_t kRun = 8;

// Channels c .. c + n (n <= 8, kFull: n == 8) of one pixel, held in lanes lane .. lane + n of
// `block`.
template <bool kFull>
void channel_run(const DwJob& job, const int8_t* const* taps, const uint8_t* block, int64_t lane,
                 int64_t c, int64_t n, int8_t* y) {
  const int64_t count = kFull ? kRun : n;
  const int32_t* bias = reinterpret_cast<const int32_t*>(block);
  const float* scale = reinterpret_cast<const float*>(block + kDwBlock * 4);
  const int16_t* pairs = reinterpret_cast<const int16_t*>(block + kDwBlock * 8);
  // Wrapping int32 accumulation, done in uint32 to stay defined.
  uint32_t acc[kRun] = {};
  for (int64_t k = 0; k < count; ++k) acc[k] = static_cast<uint32_t>(bias[lane + k]);
  for (int64_t t = 0; t < job.taps; ++t) {
    const int8_t* x = taps[t] + c;
    const int16_t* w = pairs + (t / 2) * kDwBlock * 2 + lane * 2 + t % 2;
    for (int64_t k = 0; k < count; ++k) acc[k] += static_cast<uint32_t>(int32_t{x[k]} * w[2 * k]);
  }
  for (int64_t k = 0; k < count; ++k) {
    y[c + k] = static_cast<int8_t>(
        runtime::requantize_fp32(static_cast<int32_t>(acc[k]), scale[lane + k], job.output));
  }
}

}  // namespace

void depthwise_pixels_portable(const DwJob& job) {
  const int64_t bytes = block_bytes(job.taps);
  for (int64_t i = 0; i < job.pixels; ++i) {
    const int8_t* const* taps = job.tap_rows + i * padded_taps(job.taps);
    int8_t* y = job.y + i * job.channels;
    const uint8_t* block = job.packed;
    for (int64_t c0 = 0; c0 < job.channels; c0 += kDwBlock, block += bytes) {
      for (int64_t j0 = 0; j0 < kDwBlock && c0 + j0 < job.channels; j0 += kRun) {
        const int64_t n = job.channels - c0 - j0;
        if (n >= kRun) {
          channel_run<true>(job, taps, block, lane_of_channel(j0), c0 + j0, kRun, y);
        } else {
          channel_run<false>(job, taps, block, lane_of_channel(j0), c0 + j0, n, y);
        }
      }
    }
  }
}

}  // namespace edgeq::xnnpack::depthwise_internal
