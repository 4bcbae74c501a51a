// STUB: replace with the portable SpaceToDepth kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_SpaceToDepth_kernel() { return nullptr; }

}  // namespace edgeq::runtime
