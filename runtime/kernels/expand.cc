// STUB: replace with the portable Expand kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Expand_kernel() { return nullptr; }

}  // namespace edgeq::runtime
