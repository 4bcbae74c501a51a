// STUB: replace with the portable Sqrt kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Sqrt_kernel() { return nullptr; }

}  // namespace edgeq::runtime
