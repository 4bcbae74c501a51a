// HardSwish: x * max(0, min(1, x / 6 + 1/2)).
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct HardSwishFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kHardSwish;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return x * min_of(max_of(x * (1.f / 6.f) + 0.5f, 0.f), 1.f); }
};

}  // namespace

std::unique_ptr<Kernel> make_HardSwish_kernel() { return make_unary_kernel<HardSwishFn>(); }

}  // namespace edgeq::runtime
