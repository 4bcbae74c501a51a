// Equal: A == B with ONNX broadcasting, written as bool.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct EqualFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kEqual;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | dtype_bit(DType::kBool);
  static constexpr bool kBoolOutput = true;
  template <typename T>
  bool operator()(T a, T b) const {
    return a == b;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Equal_kernel() { return make_binary_kernel<EqualFn>(); }

}  // namespace edgeq::runtime
