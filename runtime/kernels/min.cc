// Min: the elementwise minimum of one or more inputs, broadcast together.
#include "runtime/kernels/elementwise_variadic.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct MinFn {
  static constexpr OpType kOp = OpType::kMin;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  static constexpr bool kMean = false;
  template <typename T>
  T operator()(T a, T b) const {
    return min_of(a, b);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Min_kernel() { return make_variadic_kernel<MinFn>(); }

}  // namespace edgeq::runtime
