// Sub: A - B with ONNX broadcasting; integers wrap on overflow.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SubFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kSub;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  template <typename T>
  T operator()(T a, T b) const {
    return wrapping_sub(a, b);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Sub_kernel() { return make_binary_kernel<SubFn>(); }

}  // namespace edgeq::runtime
