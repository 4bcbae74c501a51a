// LRN: local response normalisation across channels of x [N, C, ...]:
// y = x / (bias + alpha / size * sum of x^2 over the channels [c - (size - 1) / 2,
// c + size / 2] that exist)^beta. size is required (>= 1); alpha 1e-4, beta 0.75, bias 1. f32.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class LrnKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kLRN, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kLRN, inputs[0].dtype, kF32Only));
    const Shape& shape = inputs[0].shape;
    if (shape.rank() < 2) {
      return invalid_argument("LRN: input must be [N, C, ...], got ", shape.to_string());
    }
    auto size = attrs.require_int("size");
    if (!size.ok()) return size.status().with_context("LRN");
    if (size.value() < 1) return invalid_argument("LRN: size ", size.value(), " must be >= 1");
    size_ = size.value();
    EDGEQ_ASSIGN_OR_RETURN(alpha_, attrs.get_float("alpha", 1e-4f));
    EDGEQ_ASSIGN_OR_RETURN(beta_, attrs.get_float("beta", 0.75f));
    EDGEQ_ASSIGN_OR_RETURN(bias_, attrs.get_float("bias", 1.f));
    samples_ = shape[0];
    channels_ = shape[1];
    spatial_ = 1;
    for (int d = 2; d < shape.rank(); ++d) spatial_ *= shape[d];
    outputs[0] = TensorView(DType::kF32, shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const float* x = inputs[0].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    const int64_t below = (size_ - 1) / 2;
    const int64_t above = size_ / 2;  // ceil((size - 1) / 2)
    const float scale = alpha_ / static_cast<float>(size_);
    for (int64_t n = 0; n < samples_; ++n) {
      const float* sample = x + n * channels_ * spatial_;
      for (int64_t c = 0; c < channels_; ++c) {
        const int64_t first = std::max<int64_t>(c - below, 0);
        const int64_t last = std::min<int64_t>(c + above, channels_ - 1);
        const float* in = sample + c * spatial_;
        float* out = y + (n * channels_ + c) * spatial_;
        for (int64_t i = 0; i < spatial_; ++i) {
          float squares = 0.f;
          for (int64_t k = first; k <= last; ++k) {
            const float v = sample[k * spatial_ + i];
            squares += v * v;
          }
          out[i] = in[i] / std::pow(bias_ + scale * squares, beta_);
        }
      }
    }
    return Status::Ok();
  }

 private:
  int64_t size_ = 1;
  float alpha_ = 1e-4f;
  float beta_ = 0.75f;
  float bias_ = 1.f;
  int64_t samples_ = 0;
  int64_t channels_ = 0;
  int64_t spatial_ = 1;
};

}  // namespace

std::unique_ptr<Kernel> make_LRN_kernel() { return std::make_unique<LrnKernel>(); }

}  // namespace edgeq::runtime
