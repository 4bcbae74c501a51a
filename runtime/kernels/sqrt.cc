// Sqrt: the square root (NaN for negative x).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SqrtFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSqrt;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::sqrt(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Sqrt_kernel() { return make_unary_kernel<SqrtFn>(); }

}  // namespace edgeq::runtime
