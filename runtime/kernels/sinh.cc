// Sinh: the hyperbolic sine.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SinhFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSinh;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::sinh(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Sinh_kernel() { return make_unary_kernel<SinhFn>(); }

}  // namespace edgeq::runtime
