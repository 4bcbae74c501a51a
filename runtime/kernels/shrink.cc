// STUB: replace with the portable Shrink kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Shrink_kernel() { return nullptr; }

}  // namespace edgeq::runtime
