// STUB: replace with the portable DequantizeLinear kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_DequantizeLinear_kernel() { return nullptr; }

}  // namespace edgeq::runtime
