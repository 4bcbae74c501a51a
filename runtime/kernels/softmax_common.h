// The kernel shared by Softmax and LogSoftmax: opset-13 semantics (normalise along one axis,
// default -1) or, with the int attribute coerce_2d = 1 that the importer adds for opset < 13, the
// old semantics (flatten to 2D at `axis`, default 1, and normalise each row). Numerically stable:
// the maximum along the axis is subtracted before exponentiating.
#pragma once

#include <memory>

#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_softmax_kernel(bool log_softmax);

}  // namespace edgeq::runtime
