// STUB: replace with the portable BatchNormalization kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_BatchNormalization_kernel() { return nullptr; }

}  // namespace edgeq::runtime
