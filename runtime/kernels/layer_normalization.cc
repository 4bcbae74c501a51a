// LayerNormalization (opset 17): normalises X over the dims from `axis` (default -1) to the end,
// y = (x - mean) / sqrt(var + epsilon) * scale + bias. Scale and the optional bias broadcast to
// the normalised shape; when they do not already have all of its elements they are expanded into
// scratch once per execute. The optional outputs Mean and InvStdDev (f32, X's shape with the
// normalised dims set to 1) are written when asked for.
#include <cmath>
#include <cstdint>

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {
namespace {

// How one of scale/bias reaches the n normalised elements: used in place when it has all n
// of them, else broadcast into scratch.
struct Affine {
  bool present = false;
  bool expand = false;
  BroadcastPlan plan;
};

class LayerNormalizationKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    constexpr OpType kOp = OpType::kLayerNormalization;
    // Outputs are counted here: Mean and InvStdDev are optional outputs 1 and 2.
    EDGEQ_RETURN_IF_ERROR(check_arity(kOp, static_cast<int>(inputs.size()), 1));
    if (outputs.empty() || outputs.size() > 3) {
      return invalid_argument("LayerNormalization: takes 1 to 3 outputs, got ", outputs.size());
    }
    const TensorView& x = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_dtype(kOp, x.dtype, kF32Only));
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis_attr, attrs.get_int("axis", -1));
    EDGEQ_ASSIGN_OR_RETURN(epsilon_, attrs.get_float("epsilon", 1e-5f));
    EDGEQ_ASSIGN_OR_RETURN(int axis, normalize_axis(kOp, axis_attr, x.shape.rank()));
    Shape normalized;
    outer_ = n_ = 1;
    for (int d = 0; d < x.shape.rank(); ++d) {
      if (d < axis) {
        outer_ *= x.shape[d];
      } else {
        n_ *= x.shape[d];
        normalized.push_back(x.shape[d]);
      }
    }
    for (int i = 0; i < 2; ++i) {
      const bool is_scale = i == 0;
      Affine& affine = is_scale ? scale_ : bias_;
      affine = Affine();
      if (inputs.size() <= static_cast<size_t>(1 + i) || !inputs[1 + i].present()) {
        if (is_scale) return invalid_argument("LayerNormalization: Scale is required");
        continue;
      }
      const TensorView& t = inputs[1 + i];
      EDGEQ_RETURN_IF_ERROR(check_dtype(kOp, t.dtype, kF32Only));
      if (!broadcasts_to(t.shape, normalized)) {
        return invalid_argument("LayerNormalization: ", is_scale ? "Scale " : "B ",
                                t.shape.to_string(), " does not broadcast to the normalised shape ",
                                normalized.to_string());
      }
      affine.present = true;
      affine.expand = t.numel() != n_;
      const Shape from[] = {t.shape};
      affine.plan = make_broadcast_plan(normalized, Span<const Shape>(from));
    }
    outputs[0] = TensorView(DType::kF32, x.shape);
    Shape stats_shape = x.shape;
    for (int d = axis; d < x.shape.rank(); ++d) stats_shape[d] = 1;
    for (size_t i = 1; i < outputs.size(); ++i) {
      outputs[i] = TensorView(DType::kF32, stats_shape);
    }
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    const int expanded = (scale_.expand ? 1 : 0) + (bias_.expand ? 1 : 0);
    return expanded * static_cast<size_t>(n_) * sizeof(float);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    float* buffer = reinterpret_cast<float*>(scratch.data());
    const float* scale = affine_values(scale_, inputs[1], &buffer);
    const float* bias = bias_.present ? affine_values(bias_, inputs[2], &buffer) : nullptr;
    const float* x = inputs[0].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    float* mean_out = outputs.size() > 1 ? outputs[1].data_as<float>() : nullptr;
    float* inv_std_out = outputs.size() > 2 ? outputs[2].data_as<float>() : nullptr;
    const int64_t n = n_;
    if (n == 0) return Status::Ok();
    for (int64_t r = 0; r < outer_; ++r, x += n, y += n) {
      float sum = 0.f;
      for (int64_t i = 0; i < n; ++i) sum += x[i];
      const float mean = sum / static_cast<float>(n);
      float squares = 0.f;
      for (int64_t i = 0; i < n; ++i) squares += (x[i] - mean) * (x[i] - mean);
      const float inv_std = 1.f / std::sqrt(squares / static_cast<float>(n) + epsilon_);
      if (mean_out != nullptr) mean_out[r] = mean;
      if (inv_std_out != nullptr) inv_std_out[r] = inv_std;
      if (bias != nullptr) {
        for (int64_t i = 0; i < n; ++i) y[i] = (x[i] - mean) * inv_std * scale[i] + bias[i];
      } else {
        for (int64_t i = 0; i < n; ++i) y[i] = (x[i] - mean) * inv_std * scale[i];
      }
    }
    return Status::Ok();
  }

 private:
  // The n values of scale or bias: the input itself, or its broadcast into the next n floats
  // of scratch (advancing *buffer).
  const float* affine_values(const Affine& affine, const TensorView& input, float** buffer) const {
    const float* data = input.data_as<const float>();
    if (!affine.expand) return data;
    float* expanded = *buffer;
    broadcast_unary(affine.plan, data, expanded, [](float v) { return v; });
    *buffer += n_;
    return expanded;
  }

  float epsilon_ = 1e-5f;
  int64_t outer_ = 1;
  int64_t n_ = 1;
  Affine scale_;
  Affine bias_;
};

}  // namespace

std::unique_ptr<Kernel> make_LayerNormalization_kernel() {
  return std::make_unique<LayerNormalizationKernel>();
}

}  // namespace edgeq::runtime
