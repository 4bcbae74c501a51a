// STUB: replace with the portable Asin kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Asin_kernel() { return nullptr; }

}  // namespace edgeq::runtime
