// STUB: replace with the portable Shape kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Shape_kernel() { return nullptr; }

}  // namespace edgeq::runtime
