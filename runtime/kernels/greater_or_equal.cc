// GreaterOrEqual: A >= B with ONNX broadcasting, written as bool.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct GreaterOrEqualFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kGreaterOrEqual;
  static constexpr DTypeSet kDTypes = kF32AndIntegers;
  static constexpr bool kBoolOutput = true;
  template <typename T>
  bool operator()(T a, T b) const {
    return a >= b;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_GreaterOrEqual_kernel() {
  return make_binary_kernel<GreaterOrEqualFn>();
}

}  // namespace edgeq::runtime
