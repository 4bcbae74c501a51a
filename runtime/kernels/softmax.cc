// STUB: replace with the portable Softmax kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Softmax_kernel() { return nullptr; }

}  // namespace edgeq::runtime
