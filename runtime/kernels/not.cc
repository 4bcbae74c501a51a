// STUB: replace with the portable Not kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Not_kernel() { return nullptr; }

}  // namespace edgeq::runtime
