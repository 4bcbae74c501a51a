// Log: the natural logarithm.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct LogFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kLog;
  static constexpr DTypeSet kDTypes = kF32Only;
  float operator()(float x) const { return std::log(x); }
};

}  // namespace

std::unique_ptr<Kernel> make_Log_kernel() { return make_unary_kernel<LogFn>(); }

}  // namespace edgeq::runtime
