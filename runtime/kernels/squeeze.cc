// STUB: replace with the portable Squeeze kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Squeeze_kernel() { return nullptr; }

}  // namespace edgeq::runtime
