// Floor: the largest integer not greater than x.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct FloorFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kFloor;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::floor(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Floor_kernel() { return make_unary_kernel<FloorFn>(); }

}  // namespace edgeq::runtime
