// Shrink: x + bias where x < -lambd, x - bias where x > lambd, else 0 (bias 0, lambd 0.5 by
// default).
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct ShrinkFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kShrink;
  static constexpr DTypeSet kDTypes = kF32Only;
  float bias = 0.f;
  float lambd = 0.5f;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(bias, attrs.get_float("bias", 0.f));
    EDGEQ_ASSIGN_OR_RETURN(lambd, attrs.get_float("lambd", 0.5f));
    return Status::Ok();
  }
  float operator()(float x) const {
    if (x < -lambd) return x + bias;
    if (x > lambd) return x - bias;
    return 0.f;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Shrink_kernel() { return make_unary_kernel<ShrinkFn>(); }

}  // namespace edgeq::runtime
