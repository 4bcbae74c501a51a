// Identity: the output is a copy of the input (every dtype, i4 too).
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class IdentityKernel : public CopyInputKernel {
 public:
  Status prepare(const Attributes& /*attrs*/, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    if (!inputs[0].present()) return invalid_argument("Identity: missing input");
    outputs[0] = TensorView(inputs[0].dtype, inputs[0].shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Identity_kernel() { return std::make_unique<IdentityKernel>(); }

}  // namespace edgeq::runtime
