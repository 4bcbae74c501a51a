// QLinearAveragePool and QLinearGlobalAveragePool (ONNX Runtime contrib names), NCHW, with
// XNNPACK's fp32 average requantization: acc = sum over the window of (x - x_zp) in int32 (int64
// for int16 X, see qlinear_common.h),
// y = requantize_fp32(acc, x_scale / (y_scale * count)), where count is the window's taps inside
// the input, or inside the padded input with count_include_pad = 1 (padding counts as x_zp).
// For the global pool this is bit-exact with XNNPACK's qs8/qu8 global average pooling.
// XNNPACK 2022-02 has no int8 average pooling in its subgraph API (only f32), so the windowed
// pool follows the same fp32 scheme without an XNNPACK counterpart to match.
//
// Inputs: X, x_scale, x_zero_point, y_scale, [y_zero_point]; X int8, uint8 or int16 [N, C, ...],
// Y has y_zero_point's dtype (X's when absent) and must have X's. Attributes: AveragePool's window
// attributes (kernel_shape, strides, pads, dilations, auto_pad, ceil_mode, count_include_pad) for
// QLinearAveragePool; output_min / output_max (quantized domain) for both.
// Max pooling needs no requantization when input and output share their quantization, so int8
// MaxPool is the plain MaxPool kernel.
#include <algorithm>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/pool_window.h"
#include "runtime/kernels/qlinear_common.h"

namespace edgeq::runtime {
namespace {

struct AverageParams {
  float x_scale = 1.f;
  float y_scale = 1.f;
  int32_t x_zero_point = 0;
  QuantRange range;
};

Result<AverageParams> read_average_params(const Attributes& attrs, Span<const TensorView> inputs,
                                          const char* op) {
  EDGEQ_RETURN_IF_ERROR(check_quantized_activation(inputs[0], op, "X"));
  AverageParams p;
  EDGEQ_ASSIGN_OR_RETURN(p.x_scale, read_scale(inputs[1], op, "x_scale"));
  EDGEQ_ASSIGN_OR_RETURN(p.x_zero_point,
                         read_zero_point(inputs[2], inputs[0].dtype, op, "x_zero_point"));
  EDGEQ_ASSIGN_OR_RETURN(p.y_scale, read_scale(inputs[3], op, "y_scale"));
  const TensorView absent;
  const TensorView& y_zp = inputs.size() > 4 ? inputs[4] : absent;
  EDGEQ_ASSIGN_OR_RETURN(int32_t y_zero_point,
                         read_zero_point(y_zp, inputs[0].dtype, op, "y_zero_point"));
  EDGEQ_ASSIGN_OR_RETURN(p.range, read_output_range(attrs, inputs[0].dtype, y_zero_point, op));
  return p;
}

template <typename T>
struct AverageReducer {
  const AverageParams* p;
  bool count_include_pad;

  // A window's sum stays far inside int64 (and inside int32 for 8-bit input and any window below
  // 2^23 taps, so 8-bit results are those of int32 arithmetic).
  int64_t start() const { return 0; }
  void add(int64_t& acc, T v) const { acc += static_cast<int32_t>(v) - p->x_zero_point; }
  T finish(int64_t acc, int64_t inside, int64_t padded) const {
    const int64_t count = count_include_pad ? padded : inside;
    if (count == 0)
      return static_cast<T>(std::clamp(p->range.zero_point, p->range.qmin, p->range.qmax));
    const float scale = average_requantization_scale(p->x_scale, p->y_scale, count);
    return static_cast<T>(requantize_fp32(acc, scale, p->range));
  }
};

class QLinearAveragePoolKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    constexpr const char* kOp = "QLinearAveragePool";
    EDGEQ_ASSIGN_OR_RETURN(params_, read_average_params(attrs, inputs, kOp));
    EDGEQ_ASSIGN_OR_RETURN(int64_t include_pad, attrs.get_int("count_include_pad", 0));
    count_include_pad_ = include_pad != 0;
    EDGEQ_ASSIGN_OR_RETURN(geometry_, prepare_pool(kOp, attrs, inputs[0], &outputs[0]));
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t>) override {
    const TensorView& x = inputs[0];
    const int64_t planes = x.shape[0] * x.shape[1];
    if (x.dtype == DType::kI8) {
      pool_windows(x.data_as<const int8_t>(), outputs[0].data_as<int8_t>(), planes, geometry_,
                   AverageReducer<int8_t>{&params_, count_include_pad_});
    } else if (x.dtype == DType::kI16) {
      pool_windows(x.data_as<const int16_t>(), outputs[0].data_as<int16_t>(), planes, geometry_,
                   AverageReducer<int16_t>{&params_, count_include_pad_});
    } else {
      pool_windows(x.data_as<const uint8_t>(), outputs[0].data_as<uint8_t>(), planes, geometry_,
                   AverageReducer<uint8_t>{&params_, count_include_pad_});
    }
    return Status::Ok();
  }

 private:
  AverageParams params_;
  bool count_include_pad_ = false;
  WindowGeometry geometry_;
};

class QLinearGlobalAveragePoolKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    constexpr const char* kOp = "QLinearGlobalAveragePool";
    EDGEQ_ASSIGN_OR_RETURN(params_, read_average_params(attrs, inputs, kOp));
    const TensorView& x = inputs[0];
    if (x.shape.rank() < 3) {
      return invalid_argument(kOp, ": input ", x.shape.to_string(), " needs [N, C, spatial...]");
    }
    Shape out_shape = x.shape;
    plane_ = 1;
    for (int d = 2; d < x.shape.rank(); ++d) {
      plane_ *= x.shape[d];
      out_shape[d] = 1;
    }
    if (plane_ == 0) return invalid_argument(kOp, ": empty spatial plane ", x.shape.to_string());
    scale_ = average_requantization_scale(params_.x_scale, params_.y_scale, plane_);
    outputs[0] = TensorView(x.dtype, out_shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t>) override {
    const TensorView& x = inputs[0];
    const int64_t planes = x.shape[0] * x.shape[1];
    for (int64_t p = 0; p < planes; ++p) {
      int64_t sum = 0;
      for (int64_t i = 0; i < plane_; ++i) sum += load_quantized(x, p * plane_ + i);
      // XNNPACK adds -(count * x_zp) to the raw sum (int32 arithmetic, wrapping).
      sum -= plane_ * params_.x_zero_point;
      store_quantized(outputs[0], p,
                      requantize_fp32(accumulator_for(x.dtype, sum), scale_, params_.range));
    }
    return Status::Ok();
  }

 private:
  AverageParams params_;
  int64_t plane_ = 1;
  float scale_ = 1.f;
};

}  // namespace

std::unique_ptr<Kernel> make_QLinearAveragePool_kernel() {
  return std::make_unique<QLinearAveragePoolKernel>();
}
std::unique_ptr<Kernel> make_QLinearGlobalAveragePool_kernel() {
  return std::make_unique<QLinearGlobalAveragePoolKernel>();
}

}  // namespace edgeq::runtime
