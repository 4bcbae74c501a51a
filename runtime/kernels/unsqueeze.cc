// STUB: replace with the portable Unsqueeze kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Unsqueeze_kernel() { return nullptr; }

}  // namespace edgeq::runtime
