// STUB: replace with the portable MatMul kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_MatMul_kernel() { return nullptr; }

}  // namespace edgeq::runtime
