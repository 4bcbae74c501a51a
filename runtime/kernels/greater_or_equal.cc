// STUB: replace with the portable GreaterOrEqual kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_GreaterOrEqual_kernel() { return nullptr; }

}  // namespace edgeq::runtime
