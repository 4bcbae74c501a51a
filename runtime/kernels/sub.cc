// STUB: replace with the portable Sub kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Sub_kernel() { return nullptr; }

}  // namespace edgeq::runtime
