// STUB: replace with the portable Tanh kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Tanh_kernel() { return nullptr; }

}  // namespace edgeq::runtime
