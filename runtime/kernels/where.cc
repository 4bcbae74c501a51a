// STUB: replace with the portable Where kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Where_kernel() { return nullptr; }

}  // namespace edgeq::runtime
