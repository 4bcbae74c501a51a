// Abs: |x|; the lowest integer wraps to itself like numpy.
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AbsFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kAbs;
  static constexpr DTypeSet kDTypes = kF32AndIntegers;
  template <typename T>
  T operator()(T x) const {
    return x < T{0} ? wrapping_neg(x) : x;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Abs_kernel() { return make_unary_kernel<AbsFn>(); }

}  // namespace edgeq::runtime
