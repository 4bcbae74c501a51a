// STUB: replace with the portable LessOrEqual kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_LessOrEqual_kernel() { return nullptr; }

}  // namespace edgeq::runtime
