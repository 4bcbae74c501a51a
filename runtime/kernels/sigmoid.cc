// STUB: replace with the portable Sigmoid kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Sigmoid_kernel() { return nullptr; }

}  // namespace edgeq::runtime
