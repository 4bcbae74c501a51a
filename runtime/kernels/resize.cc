// STUB: replace with the portable Resize kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Resize_kernel() { return nullptr; }

}  // namespace edgeq::runtime
