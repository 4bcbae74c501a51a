// The kernel shared by Softmax and LogSoftmax, and the axis handling they share with Hardmax:
// opset-13 semantics (normalise along one axis, default -1) or, with the int attribute coerce_2d =
// 1 that the importer adds for opset < 13, the old semantics (flatten to 2D at `axis`, default 1,
// and normalise each row). Numerically stable: the maximum along the axis is subtracted before
// exponentiating.
#pragma once

#include <cstdint>
#include <memory>

#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

// The input seen as [outer, n, inner], normalised along the middle dim of n elements.
struct SoftmaxSplit {
  int64_t outer = 1;
  int64_t n = 1;
  int64_t inner = 1;
};

// Reads `axis` and `coerce_2d` from `attrs` and splits `shape` accordingly (a rank-0 input is one
// row of one element); InvalidArgument naming `op` for an axis out of range.
Result<SoftmaxSplit> softmax_split(OpType op, const Attributes& attrs, const Shape& shape);

std::unique_ptr<Kernel> make_softmax_kernel(bool log_softmax);

}  // namespace edgeq::runtime
