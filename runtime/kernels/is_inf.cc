// STUB: replace with the portable IsInf kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_IsInf_kernel() { return nullptr; }

}  // namespace edgeq::runtime
