// Erf: the Gauss error function.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct ErfFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kErf;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::erf(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Erf_kernel() { return make_unary_kernel<ErfFn>(); }

}  // namespace edgeq::runtime
