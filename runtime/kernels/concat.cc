// STUB: replace with the portable Concat kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Concat_kernel() { return nullptr; }

}  // namespace edgeq::runtime
