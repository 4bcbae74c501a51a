// STUB: replace with the portable Sum kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Sum_kernel() { return nullptr; }

}  // namespace edgeq::runtime
