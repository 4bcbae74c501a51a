// STUB: replace with the portable LayerNormalization kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_LayerNormalization_kernel() { return nullptr; }

}  // namespace edgeq::runtime
