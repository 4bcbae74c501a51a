// STUB: replace with the portable Mul kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Mul_kernel() { return nullptr; }

}  // namespace edgeq::runtime
