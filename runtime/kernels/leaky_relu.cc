// LeakyRelu: x where x >= 0, else alpha * x (alpha defaults to 0.01).
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct LeakyReluFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kLeakyRelu;
  static constexpr DTypeSet kDTypes = kF32Only;
  float alpha = 0.01f;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(alpha, attrs.get_float("alpha", 0.01f));
    return Status::Ok();
  }
  float operator()(float x) const { return x < 0.f ? alpha * x : x; }
};

}  // namespace

std::unique_ptr<Kernel> make_LeakyRelu_kernel() { return make_unary_kernel<LeakyReluFn>(); }

}  // namespace edgeq::runtime
