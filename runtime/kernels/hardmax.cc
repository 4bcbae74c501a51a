// Hardmax: 1 at the first largest element along an axis, 0 elsewhere (f32). The axis handling is
// Softmax's (softmax_common.h): opset-13 semantics, or the flattened rows of coerce_2d = 1.
#include <cstdint>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/softmax_common.h"

namespace edgeq::runtime {
namespace {

class HardmaxKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kHardmax, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kHardmax, inputs[0].dtype, kF32Only));
    EDGEQ_ASSIGN_OR_RETURN(split_, softmax_split(OpType::kHardmax, attrs, inputs[0].shape));
    outputs[0] = TensorView(DType::kF32, inputs[0].shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const int64_t n = split_.n;
    const int64_t inner = split_.inner;
    const float* x = inputs[0].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    if (n == 0) return Status::Ok();
    for (int64_t o = 0; o < split_.outer; ++o, x += n * inner, y += n * inner) {
      for (int64_t j = 0; j < inner; ++j) {
        int64_t best = 0;
        for (int64_t k = 1; k < n; ++k) {
          if (x[k * inner + j] > x[best * inner + j]) best = k;
        }
        for (int64_t k = 0; k < n; ++k) y[k * inner + j] = k == best ? 1.f : 0.f;
      }
    }
    return Status::Ok();
  }

 private:
  SoftmaxSplit split_;
};

}  // namespace

std::unique_ptr<Kernel> make_Hardmax_kernel() { return std::make_unique<HardmaxKernel>(); }

}  // namespace edgeq::runtime
