// STUB: replace with the portable Flatten kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Flatten_kernel() { return nullptr; }

}  // namespace edgeq::runtime
