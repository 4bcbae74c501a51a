// STUB: replace with the portable Atanh kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Atanh_kernel() { return nullptr; }

}  // namespace edgeq::runtime
