// STUB: replace with the portable QuantizeLinear kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_QuantizeLinear_kernel() { return nullptr; }

}  // namespace edgeq::runtime
