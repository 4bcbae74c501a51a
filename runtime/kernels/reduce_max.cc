// STUB: replace with the portable ReduceMax kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceMax_kernel() { return nullptr; }

}  // namespace edgeq::runtime
