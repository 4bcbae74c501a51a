// Selu: gamma * x where x > 0, else gamma * alpha * (e^x - 1), with ONNX's default alpha and gamma.
#include <cmath>

#include "runtime/kernels/elementwise_unary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct SeluFn : UnaryFnDefaults {
  static constexpr OpType kOp = OpType::kSelu;
  static constexpr DTypeSet kDTypes = kF32Only;
  static constexpr float kDefaultAlpha = 1.67326319217681884765625f;
  static constexpr float kDefaultGamma = 1.05070102214813232421875f;
  float alpha = kDefaultAlpha;
  float gamma = kDefaultGamma;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(alpha, attrs.get_float("alpha", kDefaultAlpha));
    EDGEQ_ASSIGN_OR_RETURN(gamma, attrs.get_float("gamma", kDefaultGamma));
    return Status::Ok();
  }
  float operator()(float x) const { return gamma * (x > 0.f ? x : alpha * std::expm1(x)); }
};

}  // namespace

std::unique_ptr<Kernel> make_Selu_kernel() { return make_unary_kernel<SeluFn>(); }

}  // namespace edgeq::runtime
