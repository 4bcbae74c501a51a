// STUB: replace with the portable Reciprocal kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Reciprocal_kernel() { return nullptr; }

}  // namespace edgeq::runtime
