// ReduceProd: the product over the given axes; see reduce_common.h.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {

std::unique_ptr<Kernel> make_ReduceProd_kernel() { return make_reduce_kernel(ReduceKind::kProd); }

}  // namespace edgeq::runtime
