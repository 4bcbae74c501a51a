// BatchNormalization (ONNX opset 1-18), inference form, f32:
// y = (x - mean) / sqrt(var + epsilon) * scale + bias, per channel (dim 1). Training mode (and its
// extra outputs) is not supported.
#include <cmath>

#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

constexpr const char* kParamNames[] = {"scale", "B", "input_mean", "input_var"};

class BatchNormalizationKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_ASSIGN_OR_RETURN(int64_t training, attrs.get_int("training_mode", 0));
    if (training != 0 || outputs.size() > 1) {
      return unimplemented("BatchNormalization: training mode");
    }
    EDGEQ_ASSIGN_OR_RETURN(epsilon_, attrs.get_float("epsilon", 1e-5f));
    const TensorView& x = inputs[0];
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (inputs[i].dtype != DType::kF32) {
        return unimplemented("BatchNormalization: dtype ", dtype_name(inputs[i].dtype), " (input ",
                             i, ")");
      }
    }
    if (x.shape.rank() < 2) {
      return invalid_argument("BatchNormalization: input ", x.shape.to_string(),
                              " has no channel dim");
    }
    channels_ = x.shape[1];
    for (size_t i = 1; i < inputs.size(); ++i) {
      const Shape& s = inputs[i].shape;
      if (s.rank() != 1 || s[0] != channels_) {
        return invalid_argument("BatchNormalization: ", kParamNames[i - 1], " ", s.to_string(),
                                " must be [", channels_, "] (input ", x.shape.to_string(), ")");
      }
    }
    outputs[0] = TensorView(DType::kF32, x.shape);
    return Status::Ok();
  }

  size_t scratch_bytes() const override { return 2 * channels_ * sizeof(float); }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const TensorView& x = inputs[0];
    const float* scale = inputs[1].data_as<const float>();
    const float* bias = inputs[2].data_as<const float>();
    const float* mean = inputs[3].data_as<const float>();
    const float* var = inputs[4].data_as<const float>();
    float* mul = reinterpret_cast<float*>(scratch.data());
    float* add = mul + channels_;
    for (int64_t c = 0; c < channels_; ++c) {
      mul[c] = scale[c] / std::sqrt(var[c] + epsilon_);
      add[c] = bias[c] - mean[c] * mul[c];
    }
    const int64_t batch = x.shape[0];
    const int64_t inner = batch * channels_ == 0 ? 0 : x.numel() / (batch * channels_);
    const float* in = x.data_as<const float>();
    float* out = outputs[0].data_as<float>();
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t c = 0; c < channels_; ++c) {
        const int64_t base = (n * channels_ + c) * inner;
        for (int64_t i = 0; i < inner; ++i) out[base + i] = in[base + i] * mul[c] + add[c];
      }
    }
    return Status::Ok();
  }

 private:
  float epsilon_ = 1e-5f;
  int64_t channels_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_BatchNormalization_kernel() {
  return std::make_unique<BatchNormalizationKernel>();
}

}  // namespace edgeq::runtime
