// STUB: replace with the portable And kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_And_kernel() { return nullptr; }

}  // namespace edgeq::runtime
