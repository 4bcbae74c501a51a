// STUB: replace with the portable Acosh kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Acosh_kernel() { return nullptr; }

}  // namespace edgeq::runtime
