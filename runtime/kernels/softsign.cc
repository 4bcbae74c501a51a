// STUB: replace with the portable Softsign kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Softsign_kernel() { return nullptr; }

}  // namespace edgeq::runtime
