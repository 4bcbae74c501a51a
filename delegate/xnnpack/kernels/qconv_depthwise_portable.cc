// Portable depthwise pixel kernel: plain C++ over the packed layout of qconv_depthwise_layout.h,
// one channel at a time, with the runtime's requantize_fp32.
#include "delegate/xnnpack/kernels/qconv_depthwise_layout.h"

namespace edgeq::xnnpack::depthwise_internal {

void depthwise_pixels_portable(const DwJob& job) {
  const int64_t stride = padded_taps(job.taps);
  const int64_t bytes = block_bytes(job.taps);
  for (int64_t i = 0; i < job.pixels; ++i) {
    const int8_t* const* taps = job.tap_rows + i * stride;
    int8_t* y = job.y + i * job.channels;
    for (int64_t c = 0; c < job.channels; ++c) {
      const uint8_t* block = job.packed + c / kDwBlock * bytes;
      const int64_t lane = lane_of_channel(c % kDwBlock);
      const int16_t* pairs = reinterpret_cast<const int16_t*>(block + kDwBlock * 8);
      // Wrapping int32 accumulation, done in uint32 to stay defined.
      uint32_t acc = static_cast<uint32_t>(reinterpret_cast<const int32_t*>(block)[lane]);
      for (int64_t t = 0; t < job.taps; ++t) {
        acc += static_cast<uint32_t>(int32_t{taps[t][c]} * pairs[(t / 2) * 64 + lane * 2 + t % 2]);
      }
      const float scale = reinterpret_cast<const float*>(block + kDwBlock * 4)[lane];
      y[c] = static_cast<int8_t>(
          runtime::requantize_fp32(static_cast<int32_t>(acc), scale, job.output));
    }
  }
}

}  // namespace edgeq::xnnpack::depthwise_internal
