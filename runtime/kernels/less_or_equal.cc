// LessOrEqual: A <= B with ONNX broadcasting, written as bool.
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct LessOrEqualFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kLessOrEqual;
  static constexpr DTypeSet kDTypes = kF32AndIntegers;
  static constexpr bool kBoolOutput = true;
  template <typename T>
  bool operator()(T a, T b) const {
    return a <= b;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_LessOrEqual_kernel() { return make_binary_kernel<LessOrEqualFn>(); }

}  // namespace edgeq::runtime
