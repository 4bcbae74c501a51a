// IsInf: whether x is infinite, written as bool. detect_negative and detect_positive (default 1)
// choose which infinities count.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct IsInfFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kIsInf;
  static constexpr DTypeSet kDTypes = kF32Only;
  static constexpr bool kBoolOutput = true;
  bool negative = true;
  bool positive = true;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(int64_t detect_negative, attrs.get_int("detect_negative", 1));
    EDGEQ_ASSIGN_OR_RETURN(int64_t detect_positive, attrs.get_int("detect_positive", 1));
    negative = detect_negative != 0;
    positive = detect_positive != 0;
    return Status::Ok();
  }
  bool operator()(float x) const { return std::isinf(x) && (x > 0.f ? positive : negative); }
};

}  // namespace

std::unique_ptr<Kernel> make_IsInf_kernel() { return make_unary_kernel<IsInfFn>(); }

}  // namespace edgeq::runtime
