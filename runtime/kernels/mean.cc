// Mean: the elementwise mean of one or more inputs, broadcast together.
#include "runtime/kernels/elementwise_variadic.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct MeanFn {
  static constexpr OpType kOp = OpType::kMean;
  static constexpr DTypeSet kDTypes = kF32Only;
  static constexpr bool kMean = true;
  template <typename T>
  T operator()(T a, T b) const {
    return a + b;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Mean_kernel() { return make_variadic_kernel<MeanFn>(); }

}  // namespace edgeq::runtime
