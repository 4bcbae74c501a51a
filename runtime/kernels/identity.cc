// STUB: replace with the portable Identity kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Identity_kernel() { return nullptr; }

}  // namespace edgeq::runtime
