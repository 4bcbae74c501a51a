// Round: rounds to the nearest integer, halves to even (0.5 -> 0, 1.5 -> 2).
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct RoundFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kRound;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::nearbyint(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Round_kernel() { return make_unary_kernel<RoundFn>(); }

}  // namespace edgeq::runtime
