// STUB: replace with the portable Max kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Max_kernel() { return nullptr; }

}  // namespace edgeq::runtime
