// STUB: replace with the portable Split kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Split_kernel() { return nullptr; }

}  // namespace edgeq::runtime
