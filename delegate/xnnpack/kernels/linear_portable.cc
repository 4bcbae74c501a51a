// Portable C++ tile kernels of the linear kernels: the packed layout read with scalar loops.
#include <algorithm>
#include <cmath>

#include "delegate/xnnpack/kernels/linear_layout.h"

namespace edgeq::xnnpack::linear_internal {

void quantize_values_portable(const float* x, int64_t count, float scale, float zero_point,
                              int8_t* q) {
  for (int64_t i = 0; i < count; ++i) {
    q[i] =
        static_cast<int8_t>(std::clamp(std::nearbyint(x[i] / scale) + zero_point, -128.0f, 127.0f));
  }
}

void dynamic_int8_tile_portable(const LinearGeometry& geometry, const TileJob& job) {
  const float* bias = reinterpret_cast<const float*>(job.tile);
  const float* scale = bias + kNr;
  const int32_t* weight_sum = reinterpret_cast<const int32_t*>(scale + kNr);
  const int8_t* blocks = reinterpret_cast<const int8_t*>(job.tile + 3 * kHeaderBytes);
  const int64_t block_count = round_up(geometry.k, 4) / 4;
  for (int64_t m = 0; m < job.rows; ++m) {
    const int8_t* a = job.act + m * geometry.act_stride;
    int32_t acc[kNr] = {};
    for (int64_t b = 0; b < block_count; ++b) {
      const int8_t* block = blocks + b * 64;
      for (int64_t j = 0; j < kNr; ++j) {
        for (int64_t i = 0; i < 4; ++i) acc[j] += a[4 * b + i] * block[4 * j + i];
      }
    }
    const int32_t zero_point = job.act_zero_point[m];
    for (int64_t j = 0; j < job.cols; ++j) {
      const int32_t corrected = acc[j] - zero_point * weight_sum[j];
      job.y[m * job.ldy + j] =
          static_cast<float>(corrected) * (job.act_scale[m] * scale[j]) + bias[j];
    }
  }
}

void int4_tile_portable(const LinearGeometry& geometry, const TileJob& job) {
  const float* bias = reinterpret_cast<const float*>(job.tile);
  for (int64_t m = 0; m < job.rows; ++m) {
    const int8_t* a = job.act + m * geometry.act_stride;
    const int32_t zero_point = job.act_zero_point[m];
    float out[kNr] = {};
    const uint8_t* at = job.tile + kHeaderBytes;
    for (int64_t g = 0; g < geometry.groups; ++g) {
      const float* scale = reinterpret_cast<const float*>(at);
      const int32_t* weight_sum = reinterpret_cast<const int32_t*>(at + kHeaderBytes);
      const uint8_t* units = at + 2 * kHeaderBytes;
      const int8_t* ag = a + g * geometry.group;
      int32_t acc[kNr] = {};
      const int64_t unit_count = geometry.group_units(g);
      for (int64_t u = 0; u < unit_count; ++u) {
        for (int64_t j = 0; j < kNr; ++j) {
          for (int64_t i = 0; i < 4; ++i) {
            const uint8_t byte = units[u * 64 + 4 * j + i];
            acc[j] += ag[8 * u + i] * ((byte & 0x0F) - 8);
            acc[j] += ag[8 * u + 4 + i] * ((byte >> 4) - 8);
          }
        }
      }
      for (int64_t j = 0; j < kNr; ++j) {
        out[j] = out[j] + static_cast<float>(acc[j] - zero_point * weight_sum[j]) * scale[j];
      }
      at = units + unit_count * 64;
    }
    for (int64_t j = 0; j < job.cols; ++j) {
      job.y[m * job.ldy + j] = out[j] * job.act_scale[m] + bias[j];
    }
  }
}

}  // namespace edgeq::xnnpack::linear_internal
