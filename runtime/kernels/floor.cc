// STUB: replace with the portable Floor kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Floor_kernel() { return nullptr; }

}  // namespace edgeq::runtime
