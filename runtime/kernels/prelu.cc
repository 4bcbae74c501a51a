// PRelu: X where X >= 0, else slope * X; the slope broadcasts to X (unidirectional).
#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct PReluFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kPRelu;
  static constexpr DTypeSet kDTypes = kF32Only;
  static constexpr bool kUnidirectional = true;
  float operator()(float x, float slope) const { return x < 0.f ? slope * x : x; }
};

}  // namespace

std::unique_ptr<Kernel> make_PRelu_kernel() { return make_binary_kernel<PReluFn>(); }

}  // namespace edgeq::runtime
