// Sigmoid: 1 / (1 + e^-x), evaluated so that e^ never overflows for large |x|.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SigmoidFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSigmoid;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const {
    const float e = std::exp(-std::fabs(x));  // in (0, 1]
    const float positive = 1.f / (1.f + e);
    return x >= 0.f ? positive : e * positive;
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Sigmoid_kernel() { return make_unary_kernel<SigmoidFn>(); }

}  // namespace edgeq::runtime
