// STUB: replace with the portable Cosh kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Cosh_kernel() { return nullptr; }

}  // namespace edgeq::runtime
