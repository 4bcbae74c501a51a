// STUB: replace with the portable Min kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Min_kernel() { return nullptr; }

}  // namespace edgeq::runtime
