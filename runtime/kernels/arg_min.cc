// ArgMin: the index (i64) of the smallest element along an axis; the kernel is ArgMax's, see
// arg_max.cc and reduce_common.h.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ArgMin_kernel() { return make_arg_reduce_kernel(/*smallest=*/true); }

}  // namespace edgeq::runtime
