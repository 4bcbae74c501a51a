// STUB: replace with the portable Sin kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Sin_kernel() { return nullptr; }

}  // namespace edgeq::runtime
