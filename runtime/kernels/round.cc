// STUB: replace with the portable Round kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Round_kernel() { return nullptr; }

}  // namespace edgeq::runtime
