// Exp: e^x.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct ExpFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kExp;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::exp(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Exp_kernel() { return make_unary_kernel<ExpFn>(); }

}  // namespace edgeq::runtime
