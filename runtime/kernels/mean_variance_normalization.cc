// MeanVarianceNormalization: y = (x - mean) / (sqrt(variance) + 1e-9) with the mean and the
// (biased) variance taken over `axes` (default [0, 2, 3]: per channel of NCHW), as ONNX's function
// definition does. f32. The statistics live in scratch, one value per kept position.
#include <cmath>
#include <cstdint>
#include <vector>

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {
namespace {

constexpr OpType kOp = OpType::kMeanVarianceNormalization;

class MeanVarianceNormalizationKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(kOp, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(kOp, inputs[0].dtype, kF32Only));
    const Shape& shape = inputs[0].shape;
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> axes, attrs.get_ints("axes", {0, 2, 3}));
    if (axes.empty()) return invalid_argument("MeanVarianceNormalization: axes is empty");
    EDGEQ_ASSIGN_OR_RETURN(plan_, make_reduce_plan(kOp, shape, axes, /*keepdims=*/true,
                                                   /*noop_with_empty_axes=*/false));
    const Shape shapes[] = {shape, plan_.output_shape};
    broadcast_ = make_broadcast_plan(shape, Span<const Shape>(shapes));
    stats_count_ = plan_.output_shape.numel();
    outputs[0] = TensorView(DType::kF32, shape);
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    return static_cast<size_t>(stats_count_) * sizeof(float);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const float* x = inputs[0].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    const int64_t numel = inputs[0].numel();
    if (numel == 0) return Status::Ok();
    auto* stats = reinterpret_cast<float*>(scratch.data());
    const float count = static_cast<float>(plan_.reduce_count);
    const auto add = [](float a, float b) { return a + b; };
    // The mean, then y = x - mean.
    reduce_into(plan_, x, stats, stats_count_, 0.f, numel, add);
    for (int64_t i = 0; i < stats_count_; ++i) stats[i] /= count;
    broadcast_binary(broadcast_, x, stats, y, [](float a, float m) { return a - m; });
    // The standard deviation from the centred values, then y /= std + 1e-9.
    reduce_into(plan_, y, stats, stats_count_, 0.f, numel,
                [](float a, float d) { return a + d * d; });
    for (int64_t i = 0; i < stats_count_; ++i) stats[i] = std::sqrt(stats[i] / count) + 1e-9f;
    broadcast_binary(broadcast_, y, stats, y, [](float d, float s) { return d / s; });
    return Status::Ok();
  }

 private:
  ReducePlan plan_;
  BroadcastPlan broadcast_;
  int64_t stats_count_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_MeanVarianceNormalization_kernel() {
  return std::make_unique<MeanVarianceNormalizationKernel>();
}

}  // namespace edgeq::runtime
