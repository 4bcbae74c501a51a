// MaxPool (ONNX opset 1-18): f32, i8 and u8, 1-D to 3-D, with pads, auto_pad, strides, dilations
// and ceil_mode. The optional Indices output is not supported; storage_order only matters for it.
#include <limits>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/pool_window.h"

namespace edgeq::runtime {
namespace {

template <typename T>
struct MaxReducer {
  T start() const {
    return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                : std::numeric_limits<T>::lowest();
  }
  void add(T& acc, T value) const { acc = value > acc ? value : acc; }
  // A window entirely in the padding (possible with dilation) gives start().
  T finish(T acc, int64_t, int64_t) const { return acc; }
};

class MaxPoolKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    if (outputs.size() > 1) return unimplemented("MaxPool: the Indices output");
    const DType dtype = inputs[0].dtype;
    if (dtype != DType::kF32 && dtype != DType::kI8 && dtype != DType::kU8) {
      return unimplemented("MaxPool: dtype ", dtype_name(dtype));
    }
    EDGEQ_ASSIGN_OR_RETURN(geometry_, prepare_pool("MaxPool", attrs, inputs[0], &outputs[0]));
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const TensorView& x = inputs[0];
    const int64_t planes = x.shape[0] * x.shape[1];
    switch (x.dtype) {
      case DType::kI8:
        return run<int8_t>(x, outputs[0], planes);
      case DType::kU8:
        return run<uint8_t>(x, outputs[0], planes);
      default:
        return run<float>(x, outputs[0], planes);
    }
  }

 private:
  template <typename T>
  Status run(const TensorView& x, const TensorView& y, int64_t planes) const {
    pool_windows(x.data_as<const T>(), y.data_as<T>(), planes, geometry_, MaxReducer<T>());
    return Status::Ok();
  }

  WindowGeometry geometry_;
};

}  // namespace

std::unique_ptr<Kernel> make_MaxPool_kernel() { return std::make_unique<MaxPoolKernel>(); }

}  // namespace edgeq::runtime
