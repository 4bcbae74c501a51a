// QLinearConv (ONNX opset 10), NCHW, 1-D to 3-D, with XNNPACK's fp32 requantization
// (requantization.h): bit-exact with XNNPACK's qs8/qc8/qu8 convolution for the same parameters.
//
// Inputs: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, [B].
//  - x and y int8, uint8 or int16 (y's dtype is y_zero_point's); w int8 or uint8, weights [M,
//  C/group,
//    k...]; w_scale and w_zero_point scalars (per tensor) or [M] (per output channel, XNNPACK's
//    qcint8); B int32 [M] with scale x_scale * w_scale and zero point 0.
//  - Attributes: Conv's (kernel_shape, strides, pads, dilations, auto_pad, group), plus
//    output_min / output_max (quantized domain, default: y's dtype range) for a fused clamp.
// Arithmetic: acc = B[m] + sum (x - x_zp) * (w - w_zp[m]) in int32 (padding contributes 0, as
// XNNPACK pads with the input zero point; int16 x: in int64, see qlinear_common.h);
// y = requantize_fp32(acc, x_scale * w_scale[m] / y_scale). Grouped and depthwise convolutions are
// groups of the same loop.
#include <algorithm>
#include <vector>

#include "runtime/kernels/conv_params.h"
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/qlinear_common.h"

namespace edgeq::runtime {
namespace {

constexpr const char* kOp = "QLinearConv";

class QLinearConvKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    const TensorView& w = inputs[3];
    EDGEQ_RETURN_IF_ERROR(check_quantized_activation(x, kOp, "x"));
    EDGEQ_RETURN_IF_ERROR(check_quantized_8bit(w, kOp, "w"));
    if (x.shape.rank() < 3 || x.shape.rank() > 5 || w.shape.rank() != x.shape.rank()) {
      return invalid_argument(kOp, ": input ", x.shape.to_string(), " and weights ",
                              w.shape.to_string(), " must have the same rank, 3 to 5");
    }
    EDGEQ_ASSIGN_OR_RETURN(group_, attrs.get_int("group", 1));
    channels_ = x.shape[1];
    out_channels_ = w.shape[0];
    if (group_ < 1 || channels_ % group_ != 0 || out_channels_ % group_ != 0 ||
        w.shape[1] * group_ != channels_) {
      return invalid_argument(kOp, ": group ", group_, " does not fit input ", x.shape.to_string(),
                              " and weights ", w.shape.to_string());
    }
    const bool has_bias = inputs.size() > 8 && inputs[8].present();
    if (has_bias && (inputs[8].dtype != DType::kI32 || inputs[8].shape.rank() != 1 ||
                     inputs[8].shape[0] != out_channels_)) {
      return invalid_argument(kOp, ": bias ", inputs[8].to_string(), " must be i32[", out_channels_,
                              "]");
    }
    const std::vector<int64_t> weight_kernel(w.shape.begin() + 2, w.shape.end());
    EDGEQ_ASSIGN_OR_RETURN(WindowAttributes window, parse_window_attributes(attrs));
    if (!window.kernel_shape.empty() && window.kernel_shape != weight_kernel) {
      return invalid_argument(kOp, ": kernel_shape does not match weights ", w.shape.to_string());
    }
    EDGEQ_ASSIGN_OR_RETURN(geometry_, forward_window_geometry(window, x.shape, weight_kernel));

    EDGEQ_ASSIGN_OR_RETURN(float x_scale, read_scale(inputs[1], kOp, "x_scale"));
    EDGEQ_ASSIGN_OR_RETURN(x_zero_point_, read_zero_point(inputs[2], x.dtype, kOp, "x_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<float> w_scales,
                           read_scales(inputs[4], out_channels_, kOp, "w_scale"));
    EDGEQ_ASSIGN_OR_RETURN(
        w_zero_points_, read_zero_points(inputs[5], w.dtype, out_channels_, kOp, "w_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(float y_scale, read_scale(inputs[6], kOp, "y_scale"));
    const DType y_dtype = output_dtype(inputs[7], x.dtype);
    EDGEQ_RETURN_IF_ERROR(check_quantized_activation(TensorView(y_dtype, {}), kOp, "y_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(int32_t y_zero_point,
                           read_zero_point(inputs[7], y_dtype, kOp, "y_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(range_, read_output_range(attrs, y_dtype, y_zero_point, kOp));
    scales_.resize(out_channels_);
    for (int64_t m = 0; m < out_channels_; ++m) {
      scales_[m] = conv_requantization_scale(
          x_scale, w_scales.size() == 1 ? w_scales[0] : w_scales[m], y_scale);
    }

    Shape out_shape{x.shape[0], out_channels_};
    for (int d = kMaxSpatialRank - geometry_.spatial_rank; d < kMaxSpatialRank; ++d) {
      out_shape.push_back(geometry_.output[d]);
    }
    outputs[0] = TensorView(y_dtype, out_shape);
    return Status::Ok();
  }

  // Scratch: one output plane of int64 accumulators, then the centered input image and weights.
  size_t scratch_bytes() const override {
    const int64_t x_elements = channels_ * geometry_.input_size();
    const int64_t w_elements = out_channels_ * (channels_ / group_) * geometry_.kernel_size();
    return static_cast<size_t>(geometry_.output_size()) * sizeof(int64_t) +
           static_cast<size_t>(x_elements + w_elements) * sizeof(int32_t);
  }

  // Accumulates tap by tap over whole output rows (the sums are exact, so the order does not
  // change the result), then requantizes the plane.
  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const TensorView& x = inputs[0];
    const TensorView& w = inputs[3];
    const TensorView& y = outputs[0];
    const bool has_bias = inputs.size() > 8 && inputs[8].present();
    const WindowGeometry& g = geometry_;
    const int64_t plane = g.input_size();
    const int64_t out_plane = g.output_size();
    const int64_t group_in = channels_ / group_;
    const int64_t group_out = out_channels_ / group_;
    const int64_t filter = group_in * g.kernel_size();
    int64_t* acc = reinterpret_cast<int64_t*>(scratch.data());
    int32_t* centered_x = reinterpret_cast<int32_t*>(acc + out_plane);
    int32_t* centered_w = centered_x + channels_ * plane;
    for (int64_t m = 0; m < out_channels_; ++m) {
      for (int64_t i = 0; i < filter; ++i) {
        centered_w[m * filter + i] = load_quantized(w, m * filter + i) - w_zero_points_[m];
      }
    }
    for (int64_t n = 0; n < x.shape[0]; ++n) {
      const TensorView image(
          x.dtype, {channels_ * plane},
          static_cast<const uint8_t*>(x.data) + n * channels_ * plane * dtype_size(x.dtype));
      load_centered(image, x_zero_point_, centered_x);
      for (int64_t m = 0; m < out_channels_; ++m) {
        const int64_t bias = has_bias ? inputs[8].data_as<const int32_t>()[m] : 0;
        std::fill(acc, acc + out_plane, bias);
        const int32_t* weights = centered_w + m * filter;
        const int64_t first_channel = (m / group_out) * group_in;
        for (int64_t c = 0; c < group_in; ++c) {
          const int32_t* in = centered_x + (first_channel + c) * plane;
          for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
              for (int64_t kw = 0; kw < g.kernel[2]; ++kw, ++weights) {
                add_tap(*weights, in, kd, kh, kw, acc);
              }
            }
          }
        }
        const int64_t out_index = (n * out_channels_ + m) * out_plane;
        for (int64_t i = 0; i < out_plane; ++i) {
          store_quantized(y, out_index + i,
                          requantize_fp32(accumulator_for(x.dtype, acc[i]), scales_[m], range_));
        }
      }
    }
    return Status::Ok();
  }

 private:
  // acc += weight * the input under tap (kd, kh, kw), for every output position whose tap falls
  // inside the input (padding contributes 0).
  void add_tap(int32_t weight, const int32_t* in, int64_t kd, int64_t kh, int64_t kw,
               int64_t* acc) const {
    if (weight == 0) return;
    const WindowGeometry& g = geometry_;
    // Output columns whose input column ow * stride - pad + kw * dilation is inside [0, W).
    const int64_t before = g.pad_begin[2] - kw * g.dilation[2];
    const int64_t last = g.input[2] - 1 + before;
    const int64_t ow_begin = before <= 0 ? 0 : (before + g.stride[2] - 1) / g.stride[2];
    const int64_t ow_end = last < 0 ? 0 : std::min(g.output[2], last / g.stride[2] + 1);
    if (ow_begin >= ow_end) return;
    for (int64_t od = 0; od < g.output[0]; ++od) {
      const int64_t id = od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
      if (id < 0 || id >= g.input[0]) continue;
      for (int64_t oh = 0; oh < g.output[1]; ++oh) {
        const int64_t ih = oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
        if (ih < 0 || ih >= g.input[1]) continue;
        const int64_t row = (id * g.input[1] + ih) * g.input[2] - before;  // + ow * stride
        int64_t* out = acc + (od * g.output[1] + oh) * g.output[2];
        for (int64_t ow = ow_begin; ow < ow_end; ++ow) {
          // |weight| <= 255 and |input| <= 65535: the product fits in int32.
          out[ow] += weight * in[row + ow * g.stride[2]];
        }
      }
    }
  }

  int64_t group_ = 1;
  int64_t channels_ = 0;
  int64_t out_channels_ = 0;
  WindowGeometry geometry_;
  int32_t x_zero_point_ = 0;
  std::vector<int32_t> w_zero_points_;
  std::vector<float> scales_;  // per output channel
  QuantRange range_;
};

}  // namespace

std::unique_ptr<Kernel> make_QLinearConv_kernel() { return std::make_unique<QLinearConvKernel>(); }

}  // namespace edgeq::runtime
