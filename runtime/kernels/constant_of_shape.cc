// STUB: replace with the portable ConstantOfShape kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ConstantOfShape_kernel() { return nullptr; }

}  // namespace edgeq::runtime
