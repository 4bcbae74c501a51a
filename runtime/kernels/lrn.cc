// STUB: replace with the portable LRN kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_LRN_kernel() { return nullptr; }

}  // namespace edgeq::runtime
