// STUB: replace with the portable ConvTranspose kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ConvTranspose_kernel() { return nullptr; }

}  // namespace edgeq::runtime
