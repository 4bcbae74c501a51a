// STUB: replace with the portable Reshape kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Reshape_kernel() { return nullptr; }

}  // namespace edgeq::runtime
