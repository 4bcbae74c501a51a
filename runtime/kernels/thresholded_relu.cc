// STUB: replace with the portable ThresholdedRelu kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ThresholdedRelu_kernel() { return nullptr; }

}  // namespace edgeq::runtime
