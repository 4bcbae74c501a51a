// Atan: the arctangent.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AtanFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kAtan;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::atan(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Atan_kernel() { return make_unary_kernel<AtanFn>(); }

}  // namespace edgeq::runtime
