// Softsign: x / (1 + |x|).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SoftsignFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSoftsign;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return x / (1.f + std::fabs(x)); }
};

}  // namespace

std::unique_ptr<Kernel> make_Softsign_kernel() { return make_unary_kernel<SoftsignFn>(); }

}  // namespace edgeq::runtime
