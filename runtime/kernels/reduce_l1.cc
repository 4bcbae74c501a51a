// STUB: replace with the portable ReduceL1 kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceL1_kernel() { return nullptr; }

}  // namespace edgeq::runtime
