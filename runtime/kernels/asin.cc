// Asin: the arcsine (NaN outside [-1, 1]).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AsinFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kAsin;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::asin(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Asin_kernel() { return make_unary_kernel<AsinFn>(); }

}  // namespace edgeq::runtime
