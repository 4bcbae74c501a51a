// ReduceL1: the sum of |x| over the given axes; see reduce_common.h.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceL1_kernel() { return make_reduce_kernel(ReduceKind::kL1); }

}  // namespace edgeq::runtime
