// Acos: the arccosine (NaN outside [-1, 1]).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AcosFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kAcos;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::acos(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Acos_kernel() { return make_unary_kernel<AcosFn>(); }

}  // namespace edgeq::runtime
