// STUB: replace with the portable GatherElements kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_GatherElements_kernel() { return nullptr; }

}  // namespace edgeq::runtime
