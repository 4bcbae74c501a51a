// STUB: replace with the portable Range kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Range_kernel() { return nullptr; }

}  // namespace edgeq::runtime
