// STUB: replace with the portable ArgMin kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ArgMin_kernel() { return nullptr; }

}  // namespace edgeq::runtime
