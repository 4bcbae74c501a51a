// Softmax: e^x / sum(e^x) along an axis; see softmax_common.h.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/softmax_common.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_Softmax_kernel() { return make_softmax_kernel(/*log_softmax=*/false); }

}  // namespace edgeq::runtime
