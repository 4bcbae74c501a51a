// STUB: replace with the portable Acos kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Acos_kernel() { return nullptr; }

}  // namespace edgeq::runtime
