// STUB: replace with the portable Transpose kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Transpose_kernel() { return nullptr; }

}  // namespace edgeq::runtime
