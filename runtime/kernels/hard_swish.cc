// STUB: replace with the portable HardSwish kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_HardSwish_kernel() { return nullptr; }

}  // namespace edgeq::runtime
