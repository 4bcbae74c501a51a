// Pow: A ^ B with ONNX broadcasting (f32).
#include <cmath>

#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct PowFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kPow;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float a, float b) const { return std::pow(a, b); }
};

}  // namespace

std::unique_ptr<Kernel> make_Pow_kernel() { return make_binary_kernel<PowFn>(); }

}  // namespace edgeq::runtime
