// STUB: replace with the portable IsNaN kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_IsNaN_kernel() { return nullptr; }

}  // namespace edgeq::runtime
