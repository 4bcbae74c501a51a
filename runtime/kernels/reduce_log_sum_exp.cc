// ReduceLogSumExp: the log of the sum of e^x over the given axes; see reduce_common.h.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceLogSumExp_kernel() {
  return make_reduce_kernel(ReduceKind::kLogSumExp);
}

}  // namespace edgeq::runtime
