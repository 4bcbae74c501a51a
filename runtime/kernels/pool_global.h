// What GlobalAveragePool and GlobalMaxPool share: the checks and output shape ([N, C, 1, ...]), and
// a loop that reduces each (n, c) plane to one value.
#pragma once

#include <cstdint>

#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::runtime {

// Checks an f32 input of rank >= 3 and sets `output` to [N, C, 1, ...]. `op` names the pool.
Status prepare_global_pool(const char* op, const TensorView& x, TensorView* output);

// output[p] = reduce(plane p) for each of the N * C planes of x.
template <typename PlaneReduce>
void reduce_planes(const TensorView& x, const TensorView& y, PlaneReduce reduce) {
  const int64_t planes = x.shape[0] * x.shape[1];
  const int64_t plane_size = planes == 0 ? 0 : x.numel() / planes;
  const float* in = x.data_as<const float>();
  float* out = y.data_as<float>();
  for (int64_t p = 0; p < planes; ++p) out[p] = reduce(in + p * plane_size, plane_size);
}

}  // namespace edgeq::runtime
