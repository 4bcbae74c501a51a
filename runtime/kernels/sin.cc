// Sin: the sine (radians).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SinFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSin;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::sin(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Sin_kernel() { return make_unary_kernel<SinFn>(); }

}  // namespace edgeq::runtime
