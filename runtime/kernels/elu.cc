// STUB: replace with the portable Elu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Elu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
