// GlobalMaxPool (ONNX opset 1-18), f32: the maximum of each (n, c) plane.
#include <limits>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/pool_global.h"

namespace edgeq::runtime {
namespace {

class GlobalMaxPoolKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    return prepare_global_pool("GlobalMaxPool", inputs[0], &outputs[0]);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    reduce_planes(inputs[0], outputs[0], [](const float* plane, int64_t size) {
      float best = -std::numeric_limits<float>::infinity();
      for (int64_t i = 0; i < size; ++i) best = plane[i] > best ? plane[i] : best;
      return best;
    });
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_GlobalMaxPool_kernel() {
  return std::make_unique<GlobalMaxPoolKernel>();
}

}  // namespace edgeq::runtime
