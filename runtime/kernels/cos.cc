// STUB: replace with the portable Cos kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Cos_kernel() { return nullptr; }

}  // namespace edgeq::runtime
