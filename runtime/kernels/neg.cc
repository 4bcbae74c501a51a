// STUB: replace with the portable Neg kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Neg_kernel() { return nullptr; }

}  // namespace edgeq::runtime
