// STUB: replace with the portable Log kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Log_kernel() { return nullptr; }

}  // namespace edgeq::runtime
