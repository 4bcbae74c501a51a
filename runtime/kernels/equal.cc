// STUB: replace with the portable Equal kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Equal_kernel() { return nullptr; }

}  // namespace edgeq::runtime
