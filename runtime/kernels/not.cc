// Not: logical negation of a bool tensor.
#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct NotFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kNot;
  static constexpr DTypeSet kDTypes = dtype_bit(DType::kBool);
  bool operator()(bool x) const { return !x; }
};

}  // namespace

std::unique_ptr<Kernel> make_Not_kernel() { return make_unary_kernel<NotFn>(); }

}  // namespace edgeq::runtime
