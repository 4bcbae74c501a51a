// DynamicQuantize (edgeq op): quantizes an f32 tensor with parameters chosen from the data at run
// time, for dynamically quantized activations (followed by DequantizeLinear in a QDQ graph).
//   attributes: dtype "i8" (default) or "u8"; granularity "per_tensor" (default) or "per_token"
//   outputs:    y (the dtype), scale (f32), zero_point (the dtype). Per tensor the parameters
//               have shape []; per token (one set per row of the last dimension) they have the
//               input's shape with the last dim 1 (DequantizeLinear: axis -1, block_size = the
//               last dim).
// Per range (affine, like torchao's per-token choose_qparams):
//   lo = min(0, min x), hi = max(0, max x); scale = (hi - lo) / (qmax - qmin), floored at float
//   epsilon, or 1 when hi == lo == 0; zero_point = clamp(round_half_even(qmin - lo / scale));
//   y = clamp(round_half_even(x / scale) + zero_point).
// A NaN or Inf in the input is an InvalidArgument naming the element (no silent parameters).
#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::runtime {
namespace {

template <typename Access>
Status quantize_row(const float* x, int64_t count, int64_t offset, float* scale, void* zero_point,
                    int64_t param, void* y) {
  float lo = 0.0f;
  float hi = 0.0f;
  for (int64_t i = 0; i < count; ++i) {
    if (!std::isfinite(x[i])) {
      return invalid_argument("DynamicQuantize: non-finite input ", x[i], " at element ",
                              offset + i);
    }
    lo = std::min(lo, x[i]);
    hi = std::max(hi, x[i]);
  }
  const float qmin = static_cast<float>(Access::kMin);
  const float qmax = static_cast<float>(Access::kMax);
  float s = 1.0f;
  if (hi > lo) s = std::max((hi - lo) / (qmax - qmin), std::numeric_limits<float>::epsilon());
  const float zp = std::clamp(std::nearbyint(qmin - lo / s), qmin, qmax);
  scale[param] = s;
  Access::store(zero_point, param, static_cast<int32_t>(zp));
  for (int64_t i = 0; i < count; ++i) {
    const float q = std::clamp(std::nearbyint(x[i] / s) + zp, qmin, qmax);
    Access::store(y, offset + i, static_cast<int32_t>(q));
  }
  return Status::Ok();
}

class DynamicQuantizeKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    if (x.dtype != DType::kF32) {
      return unimplemented("DynamicQuantize: input dtype ", dtype_name(x.dtype),
                           " (supported: f32)");
    }
    EDGEQ_ASSIGN_OR_RETURN(std::string dtype, attrs.get_string("dtype", "i8"));
    if (dtype == "i8") {
      dtype_ = DType::kI8;
    } else if (dtype == "u8") {
      dtype_ = DType::kU8;
    } else {
      return invalid_argument("DynamicQuantize: dtype '", dtype, "' (supported: i8, u8)");
    }
    EDGEQ_ASSIGN_OR_RETURN(std::string granularity, attrs.get_string("granularity", "per_tensor"));
    Shape param_shape;
    if (granularity == "per_token") {
      if (x.shape.rank() < 1) {
        return invalid_argument("DynamicQuantize: per_token needs rank >= 1, got a scalar");
      }
      param_shape = x.shape;
      param_shape[param_shape.rank() - 1] = 1;
      row_ = x.shape[x.shape.rank() - 1];
    } else if (granularity == "per_tensor") {
      row_ = x.shape.numel();
    } else {
      return invalid_argument("DynamicQuantize: granularity '", granularity,
                              "' (supported: per_tensor, per_token)");
    }
    outputs[0] = TensorView(dtype_, x.shape);
    outputs[1] = TensorView(DType::kF32, param_shape);
    outputs[2] = TensorView(dtype_, param_shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const float* x = inputs[0].data_as<const float>();
    const int64_t rows = outputs[1].numel();  // one parameter set per row
    Status status;
    visit_quantized_dtype(dtype_, [&](auto access) {
      using Access = decltype(access);
      for (int64_t r = 0; r < rows && status.ok(); ++r) {
        status = quantize_row<Access>(x + r * row_, row_, r * row_, outputs[1].data_as<float>(),
                                      outputs[2].data, r, outputs[0].data);
      }
    });
    return status;
  }

 private:
  DType dtype_ = DType::kI8;
  int64_t row_ = 0;  // elements per parameter set (may be 0 for an empty input)
};

}  // namespace

std::unique_ptr<Kernel> make_DynamicQuantize_kernel() {
  return std::make_unique<DynamicQuantizeKernel>();
}

}  // namespace edgeq::runtime
