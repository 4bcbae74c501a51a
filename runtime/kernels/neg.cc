// Neg: -x; the lowest integer wraps to itself like numpy.
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct NegFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kNeg;
  static constexpr DTypeSet kDTypes = kF32AndIntegers;
  template <typename T>
  T operator()(T x) const {
    return wrapping_neg(x);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Neg_kernel() { return make_unary_kernel<NegFn>(); }

}  // namespace edgeq::runtime
