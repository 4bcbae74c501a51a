// STUB: replace with the portable Or kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Or_kernel() { return nullptr; }

}  // namespace edgeq::runtime
