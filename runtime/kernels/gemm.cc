// STUB: replace with the portable Gemm kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Gemm_kernel() { return nullptr; }

}  // namespace edgeq::runtime
