// ThresholdedRelu: x where x > alpha, else 0 (alpha defaults to 1).
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct ThresholdedReluFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kThresholdedRelu;
  static constexpr DTypeSet kDTypes = kF32Only;
  float alpha = 1.f;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(alpha, attrs.get_float("alpha", 1.f));
    return Status::Ok();
  }
  float operator()(float x) const { return x > alpha ? x : 0.f; }
};

}  // namespace

std::unique_ptr<Kernel> make_ThresholdedRelu_kernel() {
  return make_unary_kernel<ThresholdedReluFn>();
}

}  // namespace edgeq::runtime
