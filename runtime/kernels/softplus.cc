// Softplus: log(1 + e^x), evaluated so that e^ never overflows for large x.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SoftplusFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSoftplus;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return max_of(x, 0.f) + std::log1p(std::exp(-std::fabs(x))); }
};

}  // namespace

std::unique_ptr<Kernel> make_Softplus_kernel() { return make_unary_kernel<SoftplusFn>(); }

}  // namespace edgeq::runtime
