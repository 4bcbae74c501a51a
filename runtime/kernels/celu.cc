// Celu: max(0, x) + min(0, alpha * (e^(x / alpha) - 1)) (alpha defaults to 1, must not be 0).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct CeluFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kCelu;
  static constexpr DTypeSet kDTypes = kF32Only;
  float alpha = 1.f;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(alpha, attrs.get_float("alpha", 1.f));
    if (alpha == 0.f) return invalid_argument("alpha must not be 0");
    return Status::Ok();
  }
  float operator()(float x) const { return x > 0.f ? x : alpha * std::expm1(x / alpha); }
};

}  // namespace

std::unique_ptr<Kernel> make_Celu_kernel() { return make_unary_kernel<CeluFn>(); }

}  // namespace edgeq::runtime
