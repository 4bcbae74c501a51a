// STUB: replace with the portable PRelu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_PRelu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
