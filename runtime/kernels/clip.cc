// STUB: replace with the portable Clip kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Clip_kernel() { return nullptr; }

}  // namespace edgeq::runtime
