// Sum: the elementwise sum of one or more inputs, broadcast together; integers wrap.
#include "runtime/kernels/elementwise_variadic.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SumFn {
  static constexpr OpType kOp = OpType::kSum;
  static constexpr DTypeSet kDTypes = kF32AndIntegers;
  static constexpr bool kMean = false;
  template <typename T>
  T operator()(T a, T b) const {
    return wrapping_add(a, b);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Sum_kernel() { return make_variadic_kernel<SumFn>(); }

}  // namespace edgeq::runtime
