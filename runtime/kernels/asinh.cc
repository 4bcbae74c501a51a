// STUB: replace with the portable Asinh kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Asinh_kernel() { return nullptr; }

}  // namespace edgeq::runtime
