// IsNaN: whether x is NaN, written as bool.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct IsNaNFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kIsNaN;
  static constexpr DTypeSet kDTypes = kF32Only;
  static constexpr bool kBoolOutput = true;
  bool operator()(float x) const { return std::isnan(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_IsNaN_kernel() { return make_unary_kernel<IsNaNFn>(); }

}  // namespace edgeq::runtime
