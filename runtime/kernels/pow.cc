// STUB: replace with the portable Pow kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Pow_kernel() { return nullptr; }

}  // namespace edgeq::runtime
