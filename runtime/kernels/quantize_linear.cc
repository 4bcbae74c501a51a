// QuantizeLinear (opset 10-21): y = saturate(round_half_to_even(x / scale) + zero_point), with the
// division done in f32 exactly as ONNX writes it (not a multiplication by the reciprocal).
// x is f32; scale is f32; the zero point (optional input 2) sets the output dtype: u8 (also when
// absent), i8, i16 or packed i4. Parameters are per tensor, per axis (`axis`, default 1) or per
// block of `block_size` along the axis (opset 21; see quantize_util.h).
// NaN: ONNX leaves the result implementation defined; edgeq makes it deterministic and maps a NaN
// input to the zero point. +-Inf saturate to the output range's ends.
#include <algorithm>
#include <cmath>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::runtime {
namespace {

template <typename Access>
void quantize(const QuantParamLayout& layout, const float* x, const float* scale,
              const void* zero_point, void* y) {
  for_each_quantized_element(layout, [&](int64_t e, int64_t p) {
    const int32_t zp = zero_point != nullptr ? Access::load(zero_point, p) : 0;
    const float value = x[e];
    if (std::isnan(value)) {
      Access::store(y, e, zp);
      return;
    }
    const float q = std::nearbyint(value / scale[p]) + static_cast<float>(zp);
    const float clamped =
        std::clamp(q, static_cast<float>(Access::kMin), static_cast<float>(Access::kMax));
    Access::store(y, e, static_cast<int32_t>(clamped));
  });
}

class QuantizeLinearKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    if (x.dtype != DType::kF32) {
      return unimplemented("QuantizeLinear: input dtype ", dtype_name(x.dtype),
                           " (supported: f32)");
    }
    const TensorView absent;
    const TensorView& zero_point = inputs.size() > 2 ? inputs[2] : absent;
    out_dtype_ = zero_point.present() ? zero_point.dtype : DType::kU8;
    if (out_dtype_ == DType::kI32) {
      return unimplemented("QuantizeLinear: output dtype i32 (supported: u8, i8, i16, i4)");
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis, attrs.get_int("axis", 1));
    EDGEQ_ASSIGN_OR_RETURN(int64_t block_size, attrs.get_int("block_size", 0));
    EDGEQ_ASSIGN_OR_RETURN(layout_, make_quant_param_layout("QuantizeLinear", x.shape, inputs[1],
                                                            zero_point, axis, block_size));
    outputs[0] = TensorView(out_dtype_, x.shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const void* zero_point = inputs.size() > 2 && inputs[2].present() ? inputs[2].data : nullptr;
    const TensorView& y = outputs[0];
    visit_quantized_dtype(out_dtype_, [&](auto access) {
      quantize<decltype(access)>(layout_, inputs[0].data_as<const float>(),
                                 inputs[1].data_as<const float>(), zero_point, y.data);
    });
    if (out_dtype_ == DType::kI4 && y.numel() % 2 == 1) {  // clear the unused last nibble
      y.data_as<uint8_t>()[y.numel() / 2] &= 0x0F;
    }
    return Status::Ok();
  }

 private:
  QuantParamLayout layout_;
  DType out_dtype_ = DType::kU8;
};

}  // namespace

std::unique_ptr<Kernel> make_QuantizeLinear_kernel() {
  return std::make_unique<QuantizeLinearKernel>();
}

}  // namespace edgeq::runtime
