// STUB: replace with the portable Pad kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Pad_kernel() { return nullptr; }

}  // namespace edgeq::runtime
