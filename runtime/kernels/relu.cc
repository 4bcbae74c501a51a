// STUB: replace with the portable Relu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Relu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
