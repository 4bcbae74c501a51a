// Conv (ONNX opset 1-18), f32, NCHW, 1-D to 3-D. Per image and group the convolution is one GEMM:
// output (M/g x out positions) = weights (M/g x C/g*kernel) * im2col(input). A 1x1 convolution with
// stride 1 and no padding multiplies the input directly; a grouped convolution with one input
// channel per group (depthwise) runs a direct loop instead.
#include <algorithm>
#include <vector>

#include "runtime/kernels/conv_params.h"
#include "runtime/kernels/gemm_f32.h"
#include "runtime/kernels/im2col.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

enum class ConvPath { kIm2col, kPointwise, kDepthwise };

// out[o] += weight * in[o * stride] for o in [0, count); the unit-stride case is split out so the
// compiler vectorises it.
void accumulate_scaled(float weight, const float* __restrict in, int64_t stride,
                       float* __restrict out, int64_t count) {
  if (stride == 1) {
    for (int64_t o = 0; o < count; ++o) out[o] += weight * in[o];
  } else {
    for (int64_t o = 0; o < count; ++o) out[o] += weight * in[o * stride];
  }
}

class ConvKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    const TensorView& w = inputs[1];
    const bool has_bias = inputs.size() > 2 && inputs[2].present();
    for (size_t i = 0; i < (has_bias ? 3u : 2u); ++i) {
      if (inputs[i].dtype != DType::kF32) {
        return unimplemented("Conv: dtype ", dtype_name(inputs[i].dtype), " (input ", i, ")");
      }
    }
    if (x.shape.rank() < 3 || w.shape.rank() != x.shape.rank()) {
      return invalid_argument("Conv: input ", x.shape.to_string(), " and weights ",
                              w.shape.to_string(), " must have the same rank, at least 3");
    }
    EDGEQ_ASSIGN_OR_RETURN(group_, attrs.get_int("group", 1));
    channels_ = x.shape[1];
    out_channels_ = w.shape[0];
    if (group_ < 1 || channels_ % group_ != 0 || out_channels_ % group_ != 0) {
      return invalid_argument("Conv: group ", group_, " does not divide the ", channels_,
                              " input and ", out_channels_, " output channels");
    }
    if (w.shape[1] * group_ != channels_) {
      return invalid_argument("Conv: weights ", w.shape.to_string(), " with group ", group_,
                              " expect ", w.shape[1] * group_, " input channels, input has ",
                              channels_);
    }
    if (has_bias && (inputs[2].shape.rank() != 1 || inputs[2].shape[0] != out_channels_)) {
      return invalid_argument("Conv: bias ", inputs[2].shape.to_string(), " must be [",
                              out_channels_, "]");
    }
    const std::vector<int64_t> weight_kernel(w.shape.begin() + 2, w.shape.end());
    EDGEQ_ASSIGN_OR_RETURN(WindowAttributes window, parse_window_attributes(attrs));
    if (!window.kernel_shape.empty() && window.kernel_shape != weight_kernel) {
      return invalid_argument("Conv: kernel_shape does not match weights ", w.shape.to_string());
    }
    EDGEQ_ASSIGN_OR_RETURN(geometry_, forward_window_geometry(window, x.shape, weight_kernel));

    Shape out_shape{x.shape[0], out_channels_};
    for (int d = kMaxSpatialRank - geometry_.spatial_rank; d < kMaxSpatialRank; ++d) {
      out_shape.push_back(geometry_.output[d]);
    }
    outputs[0] = TensorView(DType::kF32, out_shape);

    group_in_ = channels_ / group_;
    group_out_ = out_channels_ / group_;
    depth_ = group_in_ * geometry_.kernel_size();
    path_ = choose_path();
    packed_weights_.clear();
    if (w.data != nullptr && path_ != ConvPath::kDepthwise) {
      const size_t per_group = packed_gemm_a_floats(group_out_, depth_);
      packed_weights_.resize(per_group * group_);
      for (int64_t g = 0; g < group_; ++g) {
        pack_gemm_a(GemmOperand::matrix(w.data_as<const float>() + g * group_out_ * depth_, depth_),
                    group_out_, depth_, packed_weights_.data() + g * per_group);
      }
    }
    const int64_t positions = geometry_.output_size();
    // Rounded to 16 floats so the GEMM scratch after it stays 64-byte aligned.
    col_floats_ =
        path_ == ConvPath::kIm2col ? static_cast<size_t>((depth_ * positions + 15) / 16 * 16) : 0;
    gemm_floats_ =
        path_ == ConvPath::kDepthwise ? 0 : gemm_f32_scratch_floats(group_out_, positions, depth_);
    return Status::Ok();
  }

  size_t scratch_bytes() const override { return (col_floats_ + gemm_floats_) * sizeof(float); }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const float* x = inputs[0].data_as<const float>();
    const float* w = inputs[1].data_as<const float>();
    const float* bias =
        inputs.size() > 2 && inputs[2].present() ? inputs[2].data_as<const float>() : nullptr;
    float* y = outputs[0].data_as<float>();
    const int64_t batch = inputs[0].shape[0];
    if (path_ == ConvPath::kDepthwise) {
      for (int64_t n = 0; n < batch; ++n) {
        run_depthwise(x + n * channels_ * geometry_.input_size(), w, bias,
                      y + n * out_channels_ * geometry_.output_size());
      }
      return Status::Ok();
    }
    float* col = reinterpret_cast<float*>(scratch.data());
    float* gemm_scratch = col + col_floats_;
    const int64_t positions = geometry_.output_size();
    const size_t packed_per_group = packed_gemm_a_floats(group_out_, depth_);
    for (int64_t n = 0; n < batch; ++n) {
      for (int64_t g = 0; g < group_; ++g) {
        const float* image = x + (n * channels_ + g * group_in_) * geometry_.input_size();
        float* out = y + (n * out_channels_ + g * group_out_) * positions;
        if (path_ == ConvPath::kIm2col) im2col(image, group_in_, geometry_, col);
        const float* b_matrix = path_ == ConvPath::kIm2col ? col : image;
        const GemmOperand a =
            packed_weights_.empty()
                ? GemmOperand::matrix(w + g * group_out_ * depth_, depth_)
                : GemmOperand::prepacked(packed_weights_.data() + g * packed_per_group);
        float beta = 0.f;
        if (bias != nullptr) {
          for (int64_t m = 0; m < group_out_; ++m) {
            std::fill_n(out + m * positions, positions, bias[g * group_out_ + m]);
          }
          beta = 1.f;
        }
        gemm_f32(group_out_, positions, depth_, 1.f, a, GemmOperand::matrix(b_matrix, positions),
                 beta, out, positions, gemm_scratch);
      }
    }
    return Status::Ok();
  }

 private:
  ConvPath choose_path() const {
    if (group_ > 1 && group_in_ == 1) return ConvPath::kDepthwise;
    for (int d = 0; d < kMaxSpatialRank; ++d) {
      if (geometry_.kernel[d] != 1 || geometry_.stride[d] != 1 || geometry_.pad_begin[d] != 0 ||
          geometry_.pad_end[d] != 0) {
        return ConvPath::kIm2col;
      }
    }
    return ConvPath::kPointwise;
  }

  // One image, one input channel per group: each output channel slides its own kernel over its
  // input channel. The innermost loop runs over the valid span of an output row.
  void run_depthwise(const float* x, const float* w, const float* bias, float* y) const {
    const WindowGeometry& g = geometry_;
    const int64_t ow = g.output[2];
    for (int64_t m = 0; m < out_channels_; ++m) {
      const float* plane = x + (m / group_out_) * g.input_size();
      const float* kernel = w + m * g.kernel_size();
      float* out_plane = y + m * g.output_size();
      std::fill_n(out_plane, g.output_size(), bias != nullptr ? bias[m] : 0.f);
      for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
        const int64_t offset = kw * g.dilation[2] - g.pad_begin[2];
        int64_t lo = 0, hi = 0;
        valid_output_range(offset, g.stride[2], g.input[2], ow, &lo, &hi);
        if (lo == hi) continue;
        for (int64_t od = 0; od < g.output[0]; ++od) {
          for (int64_t oh = 0; oh < g.output[1]; ++oh) {
            float* out = out_plane + (od * g.output[1] + oh) * ow;
            for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
              const int64_t id = od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
              if (id < 0 || id >= g.input[0]) continue;
              for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                const int64_t ih = oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
                if (ih < 0 || ih >= g.input[1]) continue;
                const float weight = kernel[(kd * g.kernel[1] + kh) * g.kernel[2] + kw];
                const float* in =
                    plane + (id * g.input[1] + ih) * g.input[2] + offset + lo * g.stride[2];
                accumulate_scaled(weight, in, g.stride[2], out + lo, hi - lo);
              }
            }
          }
        }
      }
    }
  }

  WindowGeometry geometry_;
  ConvPath path_ = ConvPath::kIm2col;
  int64_t group_ = 1, channels_ = 0, out_channels_ = 0, group_in_ = 0, group_out_ = 0, depth_ = 0;
  std::vector<float> packed_weights_;  // per group, when the weights are constant
  size_t col_floats_ = 0;
  size_t gemm_floats_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_Conv_kernel() { return std::make_unique<ConvKernel>(); }

}  // namespace edgeq::runtime
