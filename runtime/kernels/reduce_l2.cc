// ReduceL2: the square root of the sum of x^2 over the given axes; see reduce_common.h.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceL2_kernel() { return make_reduce_kernel(ReduceKind::kL2); }

}  // namespace edgeq::runtime
