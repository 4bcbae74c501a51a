// Acosh: the inverse hyperbolic cosine (NaN below 1).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AcoshFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kAcosh;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::acosh(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Acosh_kernel() { return make_unary_kernel<AcoshFn>(); }

}  // namespace edgeq::runtime
