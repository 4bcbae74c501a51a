// Sign: -1, 0 or 1 by the sign of x (NaN stays NaN); f32 and integers.
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SignFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSign;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  template <typename T>
  T operator()(T x) const {
    if (x > T{0}) return T{1};
    if (x < T{0}) return static_cast<T>(-1);
    return x;  // 0, or NaN
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Sign_kernel() { return make_unary_kernel<SignFn>(); }

}  // namespace edgeq::runtime
