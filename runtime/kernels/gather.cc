// STUB: replace with the portable Gather kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Gather_kernel() { return nullptr; }

}  // namespace edgeq::runtime
