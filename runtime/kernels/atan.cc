// STUB: replace with the portable Atan kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Atan_kernel() { return nullptr; }

}  // namespace edgeq::runtime
