// STUB: replace with the portable Trilu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Trilu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
