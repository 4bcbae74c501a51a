// Add: A + B with ONNX broadcasting; integers wrap on overflow.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AddFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kAdd;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  template <typename T>
  T operator()(T a, T b) const {
    return wrapping_add(a, b);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Add_kernel() { return make_binary_kernel<AddFn>(); }

}  // namespace edgeq::runtime
