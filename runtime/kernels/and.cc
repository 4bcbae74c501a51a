// And: logical A and B on bool tensors with ONNX broadcasting.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AndFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kAnd;
  static constexpr DTypeSet kDTypes = dtype_bit(DType::kBool);
  template <typename T>
  T operator()(T a, T b) const {
    return a && b;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_And_kernel() { return make_binary_kernel<AndFn>(); }

}  // namespace edgeq::runtime
