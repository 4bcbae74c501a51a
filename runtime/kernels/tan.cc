// Tan: the tangent (radians).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct TanFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kTan;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::tan(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Tan_kernel() { return make_unary_kernel<TanFn>(); }

}  // namespace edgeq::runtime
