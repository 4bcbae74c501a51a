// Max: the elementwise maximum of one or more inputs, broadcast together.
#include "runtime/kernels/elementwise_variadic.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct MaxFn {
  static constexpr OpType kOp = OpType::kMax;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  static constexpr bool kMean = false;
  template <typename T>
  T operator()(T a, T b) const {
    return max_of(a, b);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Max_kernel() { return make_variadic_kernel<MaxFn>(); }

}  // namespace edgeq::runtime
