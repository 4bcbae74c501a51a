// STUB: replace with the portable Xor kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Xor_kernel() { return nullptr; }

}  // namespace edgeq::runtime
