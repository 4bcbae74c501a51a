// Cosh: the hyperbolic cosine.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct CoshFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kCosh;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::cosh(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Cosh_kernel() { return make_unary_kernel<CoshFn>(); }

}  // namespace edgeq::runtime
