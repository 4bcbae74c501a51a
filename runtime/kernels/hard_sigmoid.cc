// STUB: replace with the portable HardSigmoid kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_HardSigmoid_kernel() { return nullptr; }

}  // namespace edgeq::runtime
