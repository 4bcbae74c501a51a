// QLinearMatMul (ONNX opset 10) with XNNPACK's fp32 requantization (requantization.h): bit-exact
// with XNNPACK's qs8/qu8 fully connected layer (weights transposed to [N, K]).
//
// Inputs: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point, [bias].
//  - bias (an edgeq extension, so one node simulates XNNPACK's fully connected layer with bias):
//    int32 [N] with scale a_scale * b_scale and zero point 0, added to the accumulator.
//  - a int8/uint8/int16 [..., M, K] (rank >= 1); b int8/uint8 [K, N] (2-D; batched b is
//    Unimplemented); b_scale / b_zero_point scalars or [N] (per output column); y's dtype is
//    y_zero_point's. Attributes output_min / output_max (quantized domain) fuse a clamp.
// Arithmetic: acc = bias[n] + sum_k (a - a_zp) * (b - b_zp[n]) in int32 (int16 a: in int64, see
// qlinear_common.h); y = requantize_fp32(acc, a_scale * b_scale[n] / y_scale).
#include <vector>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/qlinear_common.h"

namespace edgeq::runtime {
namespace {

constexpr const char* kOp = "QLinearMatMul";

class QLinearMatMulKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& a = inputs[0];
    const TensorView& b = inputs[3];
    EDGEQ_RETURN_IF_ERROR(check_quantized_activation(a, kOp, "a"));
    EDGEQ_RETURN_IF_ERROR(check_quantized_8bit(b, kOp, "b"));
    if (b.shape.rank() != 2) {
      return unimplemented(kOp, ": b ", b.shape.to_string(), " must be 2-D");
    }
    if (a.shape.rank() < 1 || a.shape[a.shape.rank() - 1] != b.shape[0]) {
      return invalid_argument(kOp, ": a ", a.shape.to_string(), " and b ", b.shape.to_string(),
                              " do not multiply");
    }
    has_bias_ = inputs.size() > 8 && inputs[8].present();
    if (has_bias_ && (inputs[8].dtype != DType::kI32 || inputs[8].shape != Shape{b.shape[1]})) {
      return invalid_argument(kOp, ": bias ", inputs[8].to_string(), " must be i32[", b.shape[1],
                              "]");
    }
    depth_ = b.shape[0];
    columns_ = b.shape[1];
    rows_ = depth_ == 0 ? 0 : a.numel() / depth_;
    EDGEQ_ASSIGN_OR_RETURN(float a_scale, read_scale(inputs[1], kOp, "a_scale"));
    EDGEQ_ASSIGN_OR_RETURN(a_zero_point_, read_zero_point(inputs[2], a.dtype, kOp, "a_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<float> b_scales,
                           read_scales(inputs[4], columns_, kOp, "b_scale"));
    EDGEQ_ASSIGN_OR_RETURN(b_zero_points_,
                           read_zero_points(inputs[5], b.dtype, columns_, kOp, "b_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(float y_scale, read_scale(inputs[6], kOp, "y_scale"));
    const DType y_dtype = output_dtype(inputs[7], a.dtype);
    EDGEQ_RETURN_IF_ERROR(check_quantized_activation(TensorView(y_dtype, {}), kOp, "y_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(int32_t y_zero_point,
                           read_zero_point(inputs[7], y_dtype, kOp, "y_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(range_, read_output_range(attrs, y_dtype, y_zero_point, kOp));
    scales_.resize(columns_);
    for (int64_t n = 0; n < columns_; ++n) {
      scales_[n] = conv_requantization_scale(
          a_scale, b_scales.size() == 1 ? b_scales[0] : b_scales[n], y_scale);
    }
    Shape out_shape = a.shape;
    if (a.shape.rank() == 1) {
      out_shape = Shape{columns_};
    } else {
      out_shape[out_shape.rank() - 1] = columns_;
    }
    outputs[0] = TensorView(y_dtype, out_shape);
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    return static_cast<size_t>(depth_ * (rows_ + columns_)) * sizeof(int32_t);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const TensorView& b = inputs[3];
    int32_t* centered_a = reinterpret_cast<int32_t*>(scratch.data());
    int32_t* centered_bt = centered_a + rows_ * depth_;  // [N, K]
    load_centered(inputs[0], a_zero_point_, centered_a);
    for (int64_t k = 0; k < depth_; ++k) {
      for (int64_t n = 0; n < columns_; ++n) {
        centered_bt[n * depth_ + k] = load_quantized(b, k * columns_ + n) - b_zero_points_[n];
      }
    }
    for (int64_t m = 0; m < rows_; ++m) {
      for (int64_t n = 0; n < columns_; ++n) {
        const int32_t* row = centered_a + m * depth_;
        const int32_t* column = centered_bt + n * depth_;
        int64_t acc = has_bias_ ? inputs[8].data_as<const int32_t>()[n] : 0;
        for (int64_t k = 0; k < depth_; ++k) acc += static_cast<int64_t>(row[k]) * column[k];
        store_quantized(outputs[0], m * columns_ + n,
                        requantize_fp32(accumulator_for(inputs[0].dtype, acc), scales_[n], range_));
      }
    }
    return Status::Ok();
  }

 private:
  bool has_bias_ = false;
  int64_t rows_ = 0;
  int64_t depth_ = 0;
  int64_t columns_ = 0;
  int32_t a_zero_point_ = 0;
  std::vector<int32_t> b_zero_points_;
  std::vector<float> scales_;  // per output column
  QuantRange range_;
};

}  // namespace

std::unique_ptr<Kernel> make_QLinearMatMul_kernel() {
  return std::make_unique<QLinearMatMulKernel>();
}

}  // namespace edgeq::runtime
