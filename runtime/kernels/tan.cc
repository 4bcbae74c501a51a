// STUB: replace with the portable Tan kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Tan_kernel() { return nullptr; }

}  // namespace edgeq::runtime
