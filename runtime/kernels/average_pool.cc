// AveragePool (ONNX opset 1-18), f32, 1-D to 3-D, with pads, auto_pad, strides, dilations (opset
// 19), ceil_mode and count_include_pad (the divisor counts padding taps, never taps past the end
// padding that ceil_mode adds).
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/pool_window.h"

namespace edgeq::runtime {
namespace {

struct AverageReducer {
  bool count_include_pad = false;
  float start() const { return 0.f; }
  void add(float& acc, float value) const { acc += value; }
  float finish(float acc, int64_t inside, int64_t inside_padded) const {
    const int64_t count = count_include_pad ? inside_padded : inside;
    return count > 0 ? acc / static_cast<float>(count) : 0.f;
  }
};

class AveragePoolKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    if (inputs[0].dtype != DType::kF32) {
      return unimplemented("AveragePool: dtype ", dtype_name(inputs[0].dtype));
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t count_include_pad, attrs.get_int("count_include_pad", 0));
    reducer_.count_include_pad = count_include_pad != 0;
    EDGEQ_ASSIGN_OR_RETURN(geometry_, prepare_pool("AveragePool", attrs, inputs[0], &outputs[0]));
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const TensorView& x = inputs[0];
    pool_windows(x.data_as<const float>(), outputs[0].data_as<float>(), x.shape[0] * x.shape[1],
                 geometry_, reducer_);
    return Status::Ok();
  }

 private:
  WindowGeometry geometry_;
  AverageReducer reducer_;
};

}  // namespace

std::unique_ptr<Kernel> make_AveragePool_kernel() { return std::make_unique<AveragePoolKernel>(); }

}  // namespace edgeq::runtime
