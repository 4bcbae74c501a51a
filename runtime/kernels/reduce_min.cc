// STUB: replace with the portable ReduceMin kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceMin_kernel() { return nullptr; }

}  // namespace edgeq::runtime
