// STUB: replace with the portable Sign kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Sign_kernel() { return nullptr; }

}  // namespace edgeq::runtime
