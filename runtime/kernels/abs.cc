// STUB: replace with the portable Abs kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Abs_kernel() { return nullptr; }

}  // namespace edgeq::runtime
