// Relu: max(x, 0).
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct ReluFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kRelu;
  static constexpr DTypeSet kDTypes = kF32AndIntegers;
  template <typename T>
  T operator()(T x) const {
    return max_of(x, T{0});
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Relu_kernel() { return make_unary_kernel<ReluFn>(); }

}  // namespace edgeq::runtime
