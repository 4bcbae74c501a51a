// STUB: replace with the portable ReduceSum kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceSum_kernel() { return nullptr; }

}  // namespace edgeq::runtime
