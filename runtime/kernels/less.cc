// STUB: replace with the portable Less kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Less_kernel() { return nullptr; }

}  // namespace edgeq::runtime
