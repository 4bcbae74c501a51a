// STUB: replace with the portable Hardmax kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Hardmax_kernel() { return nullptr; }

}  // namespace edgeq::runtime
