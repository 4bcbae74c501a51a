// STUB: replace with the portable ReduceSumSquare kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceSumSquare_kernel() { return nullptr; }

}  // namespace edgeq::runtime
