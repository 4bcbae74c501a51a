// STUB: replace with the portable Ceil kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Ceil_kernel() { return nullptr; }

}  // namespace edgeq::runtime
