// STUB: replace with the portable Cast kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Cast_kernel() { return nullptr; }

}  // namespace edgeq::runtime
