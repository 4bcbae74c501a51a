// Test-side references for broadcasting kernels: the plain per-element index mapping that every
// broadcast fast path is compared with, and shape pairs that exercise each path.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "runtime/core/shape.h"

namespace edgeq::testing {

// The flat index into `in` of the element that output element `flat` reads when `in` is
// broadcast to `out` (numpy rules, computed one coordinate at a time).
inline int64_t broadcast_source_index(const Shape& out, const Shape& in, int64_t flat) {
  int64_t index = 0;
  int64_t stride = 1;
  for (int d = out.rank() - 1, k = in.rank() - 1; d >= 0; --d, --k) {
    const int64_t coord = flat % out[d];
    flat /= out[d];
    if (k < 0) continue;
    if (in[k] != 1) index += coord * stride;
    stride *= in[k];
  }
  return index;
}

// out[i] = f(a[..], b[..]) with the reference mapping; `out` has shape `out_shape`.
template <typename R, typename A, typename B, typename F>
std::vector<R> reference_binary(const Shape& out_shape, const Shape& a_shape,
                                const std::vector<A>& a, const Shape& b_shape,
                                const std::vector<B>& b, F f) {
  std::vector<R> out(out_shape.numel());
  for (int64_t i = 0; i < out_shape.numel(); ++i) {
    out[i] = f(a[broadcast_source_index(out_shape, a_shape, i)],
               b[broadcast_source_index(out_shape, b_shape, i)]);
  }
  return out;
}

struct BroadcastCase {
  Shape a;
  Shape b;
  Shape out;
};

// Shape pairs covering equal shapes, scalars (rank 0 and [1]), last-dim and per-channel operands,
// both sides broadcasting, odd ranks, and empty tensors.
inline std::vector<BroadcastCase> broadcast_cases() {
  return {
      {{2, 3}, {2, 3}, {2, 3}},
      {{2, 1, 5}, {3, 1}, {2, 3, 5}},
      {{}, {4}, {4}},
      {{3}, {}, {3}},
      {{}, {}, {}},
      {{1}, {2, 3}, {2, 3}},
      {{2, 3, 4, 5}, {5}, {2, 3, 4, 5}},
      {{2, 3, 4, 5}, {3, 1, 1}, {2, 3, 4, 5}},
      {{4, 1}, {1, 4}, {4, 4}},
      {{1, 3, 1, 5}, {2, 1, 4, 1}, {2, 3, 4, 5}},
      {{2, 1, 3, 1, 2}, {1, 4, 3, 7, 1}, {2, 4, 3, 7, 2}},
      {{2, 0, 3}, {3}, {2, 0, 3}},
      {{0}, {1}, {0}},
  };
}

}  // namespace edgeq::testing
