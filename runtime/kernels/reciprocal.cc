// Reciprocal: 1 / x.
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct ReciprocalFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kReciprocal;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return 1.f / x; }
};

}  // namespace

std::unique_ptr<Kernel> make_Reciprocal_kernel() { return make_unary_kernel<ReciprocalFn>(); }

}  // namespace edgeq::runtime
