// QLinearSigmoid and QLinearLeakyRelu (ONNX Runtime contrib names) as lookup tables over every
// input code (256 entries for int8/uint8, 65536 for int16) built at prepare the way XNNPACK
// 2022-02 builds its qs8/qu8 sigmoid and leaky-relu tables:
// for every input code q, y = clamp(lrintf(f((q - x_zp) * x_scale) * (1 / y_scale)) + y_zp),
// all in float, rounded to nearest-even. Bit-exact with XNNPACK's tables for the same parameters
// (XNNPACK itself only accepts a sigmoid output scale of 1/256 with zero point -128 for int8 / 0
// for uint8, and a leaky-relu slope in (0, 1]; the reference accepts any).
//
// Inputs: X, X_scale, X_zero_point, Y_scale, [Y_zero_point]; X int8, uint8 or int16, Y of X's
// dtype.
// Attributes: alpha (QLinearLeakyRelu, default 0.01); output_min / output_max (quantized domain).
#include <algorithm>
#include <cmath>
#include <vector>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/qlinear_common.h"

namespace edgeq::runtime {
namespace {

float sigmoid(float x, float) {
  // XNNPACK's form: the subtraction only for non-negative x, where it loses no precision.
  return std::signbit(x) ? 1.0f / (1.0f + std::exp(-x)) : 1.0f - 1.0f / (1.0f + std::exp(x));
}

float leaky_relu(float x, float alpha) { return std::signbit(x) ? x * alpha : x; }

using UnaryFunction = float (*)(float x, float parameter);

class QLinearLookupKernel final : public Kernel {
 public:
  QLinearLookupKernel(const char* name, UnaryFunction f, bool has_alpha)
      : name_(name), f_(f), has_alpha_(has_alpha) {}

  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_quantized_activation(x, name_, "X"));
    EDGEQ_ASSIGN_OR_RETURN(float x_scale, read_scale(inputs[1], name_, "X_scale"));
    EDGEQ_ASSIGN_OR_RETURN(int32_t x_zero_point,
                           read_zero_point(inputs[2], x.dtype, name_, "X_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(float y_scale, read_scale(inputs[3], name_, "Y_scale"));
    const TensorView absent;
    EDGEQ_ASSIGN_OR_RETURN(
        int32_t y_zero_point,
        read_zero_point(inputs.size() > 4 ? inputs[4] : absent, x.dtype, name_, "Y_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(QuantRange range,
                           read_output_range(attrs, x.dtype, y_zero_point, name_));
    float alpha = 0.f;
    if (has_alpha_) {
      EDGEQ_ASSIGN_OR_RETURN(alpha, attrs.get_float("alpha", 0.01f));
      if (!std::isfinite(alpha)) return invalid_argument(name_, ": alpha ", alpha, " not finite");
    }
    first_code_ = x.dtype == DType::kI16 ? -32768 : x.dtype == DType::kI8 ? -128 : 0;
    table_.resize(x.dtype == DType::kI16 ? 65536 : 256);
    const float inverse_y_scale = 1.0f / y_scale;
    for (int32_t q = first_code_; q < first_code_ + static_cast<int32_t>(table_.size()); ++q) {
      const float dequantized = static_cast<float>(q - x_zero_point) * x_scale;
      // Bounding before lrint changes nothing in range and keeps huge ratios defined.
      const float scaled =
          std::clamp(f_(dequantized, alpha) * inverse_y_scale, -0x1.0p30f, 0x1.0p30f);
      const long rounded = std::lrint(scaled);
      const long value = std::clamp<long>(rounded + y_zero_point, range.qmin, range.qmax);
      table_[q - first_code_] = static_cast<int32_t>(value);
    }
    outputs[0] = TensorView(x.dtype, x.shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t>) override {
    const int64_t n = inputs[0].numel();
    for (int64_t i = 0; i < n; ++i) {
      store_quantized(outputs[0], i, table_[load_quantized(inputs[0], i) - first_code_]);
    }
    return Status::Ok();
  }

 private:
  const char* name_;
  UnaryFunction f_;
  bool has_alpha_;
  int32_t first_code_ = 0;
  std::vector<int32_t> table_;  // output code of input code first_code_ + i
};

}  // namespace

std::unique_ptr<Kernel> make_QLinearSigmoid_kernel() {
  return std::make_unique<QLinearLookupKernel>("QLinearSigmoid", &sigmoid, false);
}
std::unique_ptr<Kernel> make_QLinearLeakyRelu_kernel() {
  return std::make_unique<QLinearLookupKernel>("QLinearLeakyRelu", &leaky_relu, true);
}

}  // namespace edgeq::runtime
