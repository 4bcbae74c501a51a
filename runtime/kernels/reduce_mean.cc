// STUB: replace with the portable ReduceMean kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceMean_kernel() { return nullptr; }

}  // namespace edgeq::runtime
