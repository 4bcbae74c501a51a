// InstanceNormalization: for each sample n and channel c of x [N, C, D1, ...], normalises the
// spatial values: y = scale[c] * (x - mean) / sqrt(variance + epsilon) + B[c] (epsilon 1e-5 by
// default; the variance is the biased one). f32.
#include <cmath>
#include <cstdint>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class InstanceNormalizationKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    constexpr OpType kOp = OpType::kInstanceNormalization;
    EDGEQ_RETURN_IF_ERROR(check_counts(kOp, inputs, outputs));
    for (const TensorView& input : inputs) {
      EDGEQ_RETURN_IF_ERROR(check_dtype(kOp, input.dtype, kF32Only));
    }
    const Shape& shape = inputs[0].shape;
    if (shape.rank() < 2) {
      return invalid_argument("InstanceNormalization: input must be [N, C, ...], got ",
                              shape.to_string());
    }
    channels_ = shape[1];
    for (size_t i = 1; i < 3; ++i) {
      if (inputs[i].shape != Shape{channels_}) {
        return invalid_argument("InstanceNormalization: ", i == 1 ? "scale " : "B ",
                                inputs[i].shape.to_string(), " must be [", channels_, "]");
      }
    }
    EDGEQ_ASSIGN_OR_RETURN(epsilon_, attrs.get_float("epsilon", 1e-5f));
    samples_ = shape[0];
    spatial_ = 1;
    for (int d = 2; d < shape.rank(); ++d) spatial_ *= shape[d];
    outputs[0] = TensorView(DType::kF32, shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const float* x = inputs[0].data_as<const float>();
    const float* scale = inputs[1].data_as<const float>();
    const float* bias = inputs[2].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    if (spatial_ == 0) return Status::Ok();
    for (int64_t n = 0; n < samples_; ++n) {
      for (int64_t c = 0; c < channels_; ++c, x += spatial_, y += spatial_) {
        float sum = 0.f;
        for (int64_t i = 0; i < spatial_; ++i) sum += x[i];
        const float mean = sum / static_cast<float>(spatial_);
        float squares = 0.f;
        for (int64_t i = 0; i < spatial_; ++i) squares += (x[i] - mean) * (x[i] - mean);
        const float variance = squares / static_cast<float>(spatial_);
        const float gain = scale[c] / std::sqrt(variance + epsilon_);
        for (int64_t i = 0; i < spatial_; ++i) y[i] = (x[i] - mean) * gain + bias[c];
      }
    }
    return Status::Ok();
  }

 private:
  float epsilon_ = 1e-5f;
  int64_t samples_ = 0;
  int64_t channels_ = 0;
  int64_t spatial_ = 1;
};

}  // namespace

std::unique_ptr<Kernel> make_InstanceNormalization_kernel() {
  return std::make_unique<InstanceNormalizationKernel>();
}

}  // namespace edgeq::runtime
