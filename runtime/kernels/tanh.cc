// Tanh: the hyperbolic tangent.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct TanhFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kTanh;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::tanh(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Tanh_kernel() { return make_unary_kernel<TanhFn>(); }

}  // namespace edgeq::runtime
