// STUB: replace with the portable Erf kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Erf_kernel() { return nullptr; }

}  // namespace edgeq::runtime
