// STUB: replace with the portable GlobalMaxPool kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_GlobalMaxPool_kernel() { return nullptr; }

}  // namespace edgeq::runtime
