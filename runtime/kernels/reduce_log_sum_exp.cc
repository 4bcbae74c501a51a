// STUB: replace with the portable ReduceLogSumExp kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceLogSumExp_kernel() { return nullptr; }

}  // namespace edgeq::runtime
