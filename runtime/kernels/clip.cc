// Clip: min(max(x, lo), hi). The bounds come from the attributes `min`/`max` (opset 6) or from the
// optional scalar inputs 1 and 2 (opset 11+); absent bounds are unbounded. When lo > hi every
// element becomes hi, as ONNX specifies.
#include <limits>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class ClipKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kClip, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kClip, inputs[0].dtype, kF32Only));
    EDGEQ_ASSIGN_OR_RETURN(lo_, attrs.get_float("min", std::numeric_limits<float>::lowest()));
    EDGEQ_ASSIGN_OR_RETURN(hi_, attrs.get_float("max", std::numeric_limits<float>::max()));
    bound_input_[0] = bound_input_[1] = false;
    for (size_t i = 1; i < inputs.size(); ++i) {
      const TensorView& bound = inputs[i];
      bound_input_[i - 1] = bound.present();
      if (!bound.present()) continue;
      if (bound.dtype != inputs[0].dtype || bound.numel() != 1) {
        return invalid_argument("Clip: ", i == 1 ? "min" : "max", " must be one ",
                                dtype_name(inputs[0].dtype), " value, got ", bound.to_string());
      }
    }
    outputs[0] = TensorView(inputs[0].dtype, inputs[0].shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const float lo = bound_input_[0] ? *inputs[1].data_as<const float>() : lo_;
    const float hi = bound_input_[1] ? *inputs[2].data_as<const float>() : hi_;
    const float* x = inputs[0].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    const int64_t n = inputs[0].numel();
    for (int64_t i = 0; i < n; ++i) y[i] = min_of(max_of(x[i], lo), hi);
    return Status::Ok();
  }

 private:
  float lo_ = 0.f;
  float hi_ = 0.f;
  bool bound_input_[2] = {false, false};
};

}  // namespace

std::unique_ptr<Kernel> make_Clip_kernel() { return std::make_unique<ClipKernel>(); }

}  // namespace edgeq::runtime
