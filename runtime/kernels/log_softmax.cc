// STUB: replace with the portable LogSoftmax kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_LogSoftmax_kernel() { return nullptr; }

}  // namespace edgeq::runtime
