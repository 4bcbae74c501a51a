// STUB: replace with the portable InstanceNormalization kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_InstanceNormalization_kernel() { return nullptr; }

}  // namespace edgeq::runtime
