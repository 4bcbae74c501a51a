// STUB: replace with the portable MaxPool kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_MaxPool_kernel() { return nullptr; }

}  // namespace edgeq::runtime
