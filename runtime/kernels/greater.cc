// STUB: replace with the portable Greater kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Greater_kernel() { return nullptr; }

}  // namespace edgeq::runtime
