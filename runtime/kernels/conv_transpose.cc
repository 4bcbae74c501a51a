// ConvTranspose (ONNX opset 1-18), f32, NCHW, 1-D to 3-D, with groups, strides, pads, dilations,
// auto_pad, output_padding and output_shape. Per image and group: columns (M/g*kernel x input
// positions) = weights^T * input, then col2im scatters them into the output (the adjoint of the
// im2col a forward Conv with the same geometry would do), then the bias is added.
#include <algorithm>
#include <vector>

#include "runtime/kernels/conv_params.h"
#include "runtime/kernels/gemm_f32.h"
#include "runtime/kernels/im2col.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class ConvTransposeKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    const TensorView& w = inputs[1];
    const bool has_bias = inputs.size() > 2 && inputs[2].present();
    for (size_t i = 0; i < (has_bias ? 3u : 2u); ++i) {
      if (inputs[i].dtype != DType::kF32) {
        return unimplemented("ConvTranspose: dtype ", dtype_name(inputs[i].dtype), " (input ", i,
                             ")");
      }
    }
    if (x.shape.rank() < 3 || w.shape.rank() != x.shape.rank()) {
      return invalid_argument("ConvTranspose: input ", x.shape.to_string(), " and weights ",
                              w.shape.to_string(), " must have the same rank, at least 3");
    }
    EDGEQ_ASSIGN_OR_RETURN(group_, attrs.get_int("group", 1));
    channels_ = x.shape[1];
    if (group_ < 1 || channels_ % group_ != 0) {
      return invalid_argument("ConvTranspose: group ", group_, " does not divide the ", channels_,
                              " input channels");
    }
    if (w.shape[0] != channels_) {
      return invalid_argument("ConvTranspose: weights ", w.shape.to_string(), " expect ",
                              w.shape[0], " input channels, input has ", channels_);
    }
    group_in_ = channels_ / group_;
    group_out_ = w.shape[1];
    out_channels_ = group_out_ * group_;
    if (has_bias && (inputs[2].shape.rank() != 1 || inputs[2].shape[0] != out_channels_)) {
      return invalid_argument("ConvTranspose: bias ", inputs[2].shape.to_string(), " must be [",
                              out_channels_, "]");
    }
    const std::vector<int64_t> weight_kernel(w.shape.begin() + 2, w.shape.end());
    EDGEQ_ASSIGN_OR_RETURN(WindowAttributes window, parse_window_attributes(attrs));
    if (!window.kernel_shape.empty() && window.kernel_shape != weight_kernel) {
      return invalid_argument("ConvTranspose: kernel_shape does not match weights ",
                              w.shape.to_string());
    }
    Result<WindowGeometry> geometry =
        transposed_window_geometry(attrs, window, x.shape, weight_kernel);
    if (!geometry.ok()) return geometry.status().with_context("ConvTranspose");
    geometry_ = *geometry;

    Shape out_shape{x.shape[0], out_channels_};
    for (int d = kMaxSpatialRank - geometry_.spatial_rank; d < kMaxSpatialRank; ++d) {
      out_shape.push_back(geometry_.input[d]);
    }
    outputs[0] = TensorView(DType::kF32, out_shape);

    rows_ = group_out_ * geometry_.kernel_size();
    packed_weights_.clear();
    if (w.data != nullptr) {
      const size_t per_group = packed_gemm_a_floats(rows_, group_in_);
      packed_weights_.resize(per_group * group_);
      for (int64_t g = 0; g < group_; ++g) {
        pack_gemm_a(weights_of_group(w.data_as<const float>(), g), rows_, group_in_,
                    packed_weights_.data() + g * per_group);
      }
    }
    const int64_t positions = geometry_.output_size();  // the input's spatial positions
    col_floats_ = static_cast<size_t>((rows_ * positions + 15) / 16 * 16);
    gemm_floats_ = gemm_f32_scratch_floats(rows_, positions, group_in_);
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
    float* col = reinterpret_cast<float*>(scratch.data());
    float* gemm_scratch = col + col_floats_;
    const int64_t in_positions = geometry_.output_size();
    const int64_t out_positions = geometry_.input_size();
    const size_t packed_per_group = packed_gemm_a_floats(rows_, group_in_);
    for (int64_t n = 0; n < inputs[0].shape[0]; ++n) {
      for (int64_t g = 0; g < group_; ++g) {
        const GemmOperand a =
            packed_weights_.empty()
                ? weights_of_group(w, g)
                : GemmOperand::prepacked(packed_weights_.data() + g * packed_per_group);
        const float* image = x + (n * channels_ + g * group_in_) * in_positions;
        gemm_f32(rows_, in_positions, group_in_, 1.f, a, GemmOperand::matrix(image, in_positions),
                 0.f, col, in_positions, gemm_scratch);
        float* out = y + (n * out_channels_ + g * group_out_) * out_positions;
        col2im(col, group_out_, geometry_, out);
        if (bias == nullptr) continue;
        for (int64_t m = 0; m < group_out_; ++m) {
          const float b = bias[g * group_out_ + m];
          for (int64_t i = 0; i < out_positions; ++i) out[m * out_positions + i] += b;
        }
      }
    }
    return Status::Ok();
  }

 private:
  // Group g's weights [C/g, M/g * kernel] read as their transpose [M/g * kernel, C/g].
  GemmOperand weights_of_group(const float* w, int64_t g) const {
    return GemmOperand::matrix(w + g * group_in_ * rows_, rows_, /*transposed=*/true);
  }

  WindowGeometry geometry_;  // forward view: `input` is this op's output, `output` its input
  int64_t group_ = 1, channels_ = 0, out_channels_ = 0, group_in_ = 0, group_out_ = 0, rows_ = 0;
  std::vector<float> packed_weights_;  // per group, when the weights are constant
  size_t col_floats_ = 0;
  size_t gemm_floats_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_ConvTranspose_kernel() {
  return std::make_unique<ConvTransposeKernel>();
}

}  // namespace edgeq::runtime
