// STUB: replace with the portable Mean kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Mean_kernel() { return nullptr; }

}  // namespace edgeq::runtime
