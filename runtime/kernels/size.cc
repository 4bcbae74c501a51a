// Size: the number of elements of the input, as an i64 scalar. Only the input's shape is read.
#include <cstdint>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class SizeKernel final : public Kernel {
 public:
  Status prepare(const Attributes& /*attrs*/, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kSize, inputs, outputs));
    if (!inputs[0].present()) return invalid_argument("Size: the input is absent");
    numel_ = inputs[0].numel();
    outputs[0] = TensorView(DType::kI64, Shape{});
    return Status::Ok();
  }

  Status execute(Span<const TensorView> /*inputs*/, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    *outputs[0].data_as<int64_t>() = numel_;
    return Status::Ok();
  }

 private:
  int64_t numel_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_Size_kernel() { return std::make_unique<SizeKernel>(); }

}  // namespace edgeq::runtime
