// STUB: replace with the portable Exp kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Exp_kernel() { return nullptr; }

}  // namespace edgeq::runtime
