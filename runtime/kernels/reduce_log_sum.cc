// STUB: replace with the portable ReduceLogSum kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceLogSum_kernel() { return nullptr; }

}  // namespace edgeq::runtime
