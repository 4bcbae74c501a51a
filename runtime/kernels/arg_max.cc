// STUB: replace with the portable ArgMax kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ArgMax_kernel() { return nullptr; }

}  // namespace edgeq::runtime
