// STUB: replace with the portable Size kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Size_kernel() { return nullptr; }

}  // namespace edgeq::runtime
