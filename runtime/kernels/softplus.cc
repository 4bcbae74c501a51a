// STUB: replace with the portable Softplus kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Softplus_kernel() { return nullptr; }

}  // namespace edgeq::runtime
