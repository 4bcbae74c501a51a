// Mul: A * B with ONNX broadcasting; integers wrap on overflow.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct MulFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kMul;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  template <typename T>
  T operator()(T a, T b) const {
    return wrapping_mul(a, b);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Mul_kernel() { return make_binary_kernel<MulFn>(); }

}  // namespace edgeq::runtime
