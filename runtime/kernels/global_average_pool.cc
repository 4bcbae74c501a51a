// GlobalAveragePool (ONNX opset 1-18), f32: the mean of each (n, c) plane.
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/pool_global.h"

namespace edgeq::runtime {
namespace {

class GlobalAveragePoolKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    return prepare_global_pool("GlobalAveragePool", inputs[0], &outputs[0]);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    reduce_planes(inputs[0], outputs[0], [](const float* plane, int64_t size) {
      float sum = 0.f;
      for (int64_t i = 0; i < size; ++i) sum += plane[i];
      return size > 0 ? sum / static_cast<float>(size) : 0.f;
    });
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_GlobalAveragePool_kernel() {
  return std::make_unique<GlobalAveragePoolKernel>();
}

}  // namespace edgeq::runtime
