// DequantizeLinear (opset 10-21): y = (x - zero_point) * scale in f32, with x and the zero point
// converted to f32 before the subtraction as ONNX's reference does. x is u8, i8, i16, i32 or
// packed i4; the zero point (optional input 2) has x's dtype; scale is f32. Parameters are per
// tensor, per axis (`axis`, default 1) or per block of `block_size` along the axis (opset 21; see
// quantize_util.h).
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::runtime {
namespace {

template <typename Access>
void dequantize(const QuantParamLayout& layout, const void* x, const float* scale,
                const void* zero_point, float* y) {
  for_each_quantized_element(layout, [&](int64_t e, int64_t p) {
    const int32_t zp = zero_point != nullptr ? Access::load(zero_point, p) : 0;
    y[e] = (static_cast<float>(Access::load(x, e)) - static_cast<float>(zp)) * scale[p];
  });
}

class DequantizeLinearKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    if (!is_quantized_dtype(x.dtype)) {
      return unimplemented("DequantizeLinear: input dtype ", dtype_name(x.dtype),
                           " (supported: u8, i8, i16, i32, i4)");
    }
    const TensorView absent;
    const TensorView& zero_point = inputs.size() > 2 ? inputs[2] : absent;
    if (zero_point.present() && zero_point.dtype != x.dtype) {
      return invalid_argument("DequantizeLinear: zero point dtype ", dtype_name(zero_point.dtype),
                              " differs from input dtype ", dtype_name(x.dtype));
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis, attrs.get_int("axis", 1));
    EDGEQ_ASSIGN_OR_RETURN(int64_t block_size, attrs.get_int("block_size", 0));
    EDGEQ_ASSIGN_OR_RETURN(layout_, make_quant_param_layout("DequantizeLinear", x.shape, inputs[1],
                                                            zero_point, axis, block_size));
    in_dtype_ = x.dtype;
    outputs[0] = TensorView(DType::kF32, x.shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const void* zero_point = inputs.size() > 2 && inputs[2].present() ? inputs[2].data : nullptr;
    visit_quantized_dtype(in_dtype_, [&](auto access) {
      dequantize<decltype(access)>(layout_, inputs[0].data, inputs[1].data_as<const float>(),
                                   zero_point, outputs[0].data_as<float>());
    });
    return Status::Ok();
  }

 private:
  QuantParamLayout layout_;
  DType in_dtype_ = DType::kU8;
};

}  // namespace

std::unique_ptr<Kernel> make_DequantizeLinear_kernel() {
  return std::make_unique<DequantizeLinearKernel>();
}

}  // namespace edgeq::runtime
