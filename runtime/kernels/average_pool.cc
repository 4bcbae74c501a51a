// STUB: replace with the portable AveragePool kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_AveragePool_kernel() { return nullptr; }

}  // namespace edgeq::runtime
