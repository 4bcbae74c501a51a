// STUB: replace with the portable Sinh kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Sinh_kernel() { return nullptr; }

}  // namespace edgeq::runtime
