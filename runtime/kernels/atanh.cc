// Atanh: the inverse hyperbolic tangent (NaN outside [-1, 1]).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AtanhFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kAtanh;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::atanh(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Atanh_kernel() { return make_unary_kernel<AtanhFn>(); }

}  // namespace edgeq::runtime
