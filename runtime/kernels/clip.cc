// Clip: min(max(x, lo), hi). The bounds come from the float attributes `min`/`max` (opset 6, f32
// only) or from the optional scalar inputs 1 and 2 (opset 11+, X's dtype); absent bounds are
// unbounded. When lo > hi every element becomes hi, as ONNX specifies.
#include <limits>
#include <type_traits>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

constexpr DTypeSet kClipDTypes = kF32AndIntegers | kSmallIntegers;

class ClipKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kClip, inputs, outputs));
    const DType dtype = inputs[0].dtype;
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kClip, dtype, kClipDTypes));
    if (dtype != DType::kF32 && (attrs.has("min") || attrs.has("max"))) {
      return invalid_argument("Clip: attributes min and max apply to f32 only, not ",
                              dtype_name(dtype));
    }
    EDGEQ_ASSIGN_OR_RETURN(attr_lo_, attrs.get_float("min", std::numeric_limits<float>::lowest()));
    EDGEQ_ASSIGN_OR_RETURN(attr_hi_, attrs.get_float("max", std::numeric_limits<float>::max()));
    bound_input_[0] = bound_input_[1] = false;
    for (size_t i = 1; i < inputs.size(); ++i) {
      const TensorView& bound = inputs[i];
      bound_input_[i - 1] = bound.present();
      if (!bound.present()) continue;
      if (bound.dtype != dtype || bound.numel() != 1) {
        return invalid_argument("Clip: ", i == 1 ? "min" : "max", " must be one ",
                                dtype_name(dtype), " value, got ", bound.to_string());
      }
    }
    outputs[0] = TensorView(dtype, inputs[0].shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    visit_dtypes<kClipDTypes>(inputs[0].dtype, [&](auto zero) {
      using T = decltype(zero);
      T lo = std::numeric_limits<T>::lowest();
      T hi = std::numeric_limits<T>::max();
      if constexpr (std::is_same_v<T, float>) {
        lo = attr_lo_;
        hi = attr_hi_;
      }
      if (bound_input_[0]) lo = *inputs[1].data_as<const T>();
      if (bound_input_[1]) hi = *inputs[2].data_as<const T>();
      const T* x = inputs[0].data_as<const T>();
      T* y = outputs[0].data_as<T>();
      const int64_t n = inputs[0].numel();
      for (int64_t i = 0; i < n; ++i) y[i] = min_of(max_of(x[i], lo), hi);
    });
    return Status::Ok();
  }

 private:
  float attr_lo_ = 0.f;
  float attr_hi_ = 0.f;
  bool bound_input_[2] = {false, false};
};

}  // namespace

std::unique_ptr<Kernel> make_Clip_kernel() { return std::make_unique<ClipKernel>(); }

}  // namespace edgeq::runtime
