// STUB: replace with the portable MeanVarianceNormalization kernel.
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_MeanVarianceNormalization_kernel() { return nullptr; }

}  // namespace edgeq::runtime
