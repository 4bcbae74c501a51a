// STUB: replace with the portable Selu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Selu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
