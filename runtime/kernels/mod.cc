// STUB: replace with the portable Mod kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Mod_kernel() { return nullptr; }

}  // namespace edgeq::runtime
