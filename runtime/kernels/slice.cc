// STUB: replace with the portable Slice kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Slice_kernel() { return nullptr; }

}  // namespace edgeq::runtime
