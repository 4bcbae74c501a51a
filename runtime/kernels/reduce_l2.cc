// STUB: replace with the portable ReduceL2 kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceL2_kernel() { return nullptr; }

}  // namespace edgeq::runtime
