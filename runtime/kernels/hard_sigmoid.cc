// HardSigmoid: max(0, min(1, alpha * x + beta)) (alpha defaults to 0.2, beta to 0.5).
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct HardSigmoidFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kHardSigmoid;
  static constexpr DTypeSet kDTypes = kF32Only;
  float alpha = 0.2f;
  float beta = 0.5f;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(alpha, attrs.get_float("alpha", 0.2f));
    EDGEQ_ASSIGN_OR_RETURN(beta, attrs.get_float("beta", 0.5f));
    return Status::Ok();
  }
  float operator()(float x) const { return min_of(max_of(alpha * x + beta, 0.f), 1.f); }
};

}  // namespace

std::unique_ptr<Kernel> make_HardSigmoid_kernel() { return make_unary_kernel<HardSigmoidFn>(); }

}  // namespace edgeq::runtime
