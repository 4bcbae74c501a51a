// Elu: x where x > 0, else alpha * (e^x - 1) (alpha defaults to 1).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct EluFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kElu;
  static constexpr DTypeSet kDTypes = kF32Only;
  float alpha = 1.f;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(alpha, attrs.get_float("alpha", 1.f));
    return Status::Ok();
  }
  float operator()(float x) const { return x > 0.f ? x : alpha * std::expm1(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Elu_kernel() { return make_unary_kernel<EluFn>(); }

}  // namespace edgeq::runtime
