// Ceil: the smallest integer not less than x.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct CeilFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kCeil;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::ceil(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Ceil_kernel() { return make_unary_kernel<CeilFn>(); }

}  // namespace edgeq::runtime
