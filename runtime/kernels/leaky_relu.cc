// STUB: replace with the portable LeakyRelu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_LeakyRelu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
