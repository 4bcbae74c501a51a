// LogSoftmax: x - log(sum(e^x)) along an axis; see softmax_common.h.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/softmax_common.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_LogSoftmax_kernel() {
  return make_softmax_kernel(/*log_softmax=*/true);
}

}  // namespace edgeq::runtime
