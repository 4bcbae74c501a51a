// Cos: the cosine (radians).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct CosFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kCos;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::cos(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Cos_kernel() { return make_unary_kernel<CosFn>(); }

}  // namespace edgeq::runtime
