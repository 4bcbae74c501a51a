// STUB: replace with the portable ReduceProd kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceProd_kernel() { return nullptr; }

}  // namespace edgeq::runtime
