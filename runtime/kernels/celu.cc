// STUB: replace with the portable Celu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Celu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
