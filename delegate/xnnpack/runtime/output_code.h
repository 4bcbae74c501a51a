// How XNNPACK 2022's subgraph turns a node's float output bound into a quantized code:
// lrintf(clamp(bound / scale + zero_point, lo, hi)). Shared by the ahead-of-time lowering (which
// picks bounds that map back to the codes it wants) and the runtime's own convolution kernels
// (which read the codes back from those bounds), so both follow the one rule. Header only: the
// lowering does not link the runtime backend.
#pragma once

#include <cmath>
#include <cstdint>

namespace edgeq::xnnpack {

inline int32_t xnnpack_output_code(float bound, float scale, int32_t zero_point, int32_t lo,
                                   int32_t hi) {
  const float code = bound / scale + static_cast<float>(zero_point);
  return static_cast<int32_t>(
      std::lrint(std::fmin(std::fmax(code, static_cast<float>(lo)), static_cast<float>(hi))));
}

}  // namespace edgeq::xnnpack
