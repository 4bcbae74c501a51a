// STUB: replace with the portable Div kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Div_kernel() { return nullptr; }

}  // namespace edgeq::runtime
