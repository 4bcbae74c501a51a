// STUB: replace with the portable Conv kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Conv_kernel() { return nullptr; }

}  // namespace edgeq::runtime
