// STUB: replace with the portable GlobalAveragePool kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_GlobalAveragePool_kernel() { return nullptr; }

}  // namespace edgeq::runtime
