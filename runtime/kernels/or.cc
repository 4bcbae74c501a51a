// Or: logical A or B on bool tensors with ONNX broadcasting.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct OrFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kOr;
  static constexpr DTypeSet kDTypes = dtype_bit(DType::kBool);
  template <typename T>
  T operator()(T a, T b) const {
    return a || b;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Or_kernel() { return make_binary_kernel<OrFn>(); }

}  // namespace edgeq::runtime
