// STUB: replace with the portable Add kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Add_kernel() { return nullptr; }

}  // namespace edgeq::runtime
