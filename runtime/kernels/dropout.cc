// STUB: replace with the portable Dropout kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Dropout_kernel() { return nullptr; }

}  // namespace edgeq::runtime
