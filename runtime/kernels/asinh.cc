// Asinh: the inverse hyperbolic sine.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AsinhFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kAsinh;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::asinh(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Asinh_kernel() { return make_unary_kernel<AsinhFn>(); }

}  // namespace edgeq::runtime
