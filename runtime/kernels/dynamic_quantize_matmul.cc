// DynamicQuantizeMatMul (ONNX Runtime's contrib op name; edgeq's semantics, which differ from
// ORT's per-tensor uint8 activations): a linear layer with dynamically quantized activations,
// the fused form of DynamicQuantize(per_token) -> DequantizeLinear -> MatMul(DequantizeLinear(W))
// (-> Add(bias)) that ir::fuse_dynamic_quantized_linear produces.
//
//   inputs:     A f32 [..., K]; B i8 or i4 [K, N] (symmetric weights); b_scale f32; optional
//               b_zero_point (B's dtype, b_scale's shape, all zero); optional bias f32 [N]
//   attribute:  block_size (default 0). 0: b_scale is per tensor ([] or [1]) or per output column
//               ([N]). > 0: group-wise along K as DequantizeLinear(B, axis 0, block_size) reads
//               it: b_scale [ceil(K / block_size), N], the last group shorter when K is not a
//               multiple of it (torchao's 8da4w with i4 weights)
//   output:     y f32 [..., N]
//
// Each row m of A (a token) is quantized to asymmetric int8 exactly as DynamicQuantize(dtype i8,
// granularity per_token) does (this kernel runs that kernel): scale s[m], zero point z[m], q.
//   acc[m, n, g] = sum_{k in group g} (q[m, k] - z[m]) * B[k, n]              (int32, exact)
//   block_size 0:  y[m, n] = float(acc[m, n]) * (s[m] * s_b[n]) + bias[n]
//   block_size > 0: f = 0; for g in order: f += float(acc[m, n, g]) * s_b[g, n];
//                   y[m, n] = f * s[m] + bias[n]
// These are the float steps of the XNNPACK delegate's own linear kernels
// (delegate/xnnpack/kernels/linear_kernels.h), which run this op inside delegated partitions.
// K is at most 65536 so that no int32 accumulator can overflow.
#include <algorithm>
#include <cstring>

#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::runtime {
namespace {

constexpr int64_t kMaxK = 65536;
constexpr size_t kScratchAlignment = 64;

size_t aligned_size(size_t bytes) {
  return (bytes + kScratchAlignment - 1) / kScratchAlignment * kScratchAlignment;
}

// True when every element of the constant `zero_point` is 0.
bool all_zero(const TensorView& zero_point) {
  bool zero = true;
  visit_quantized_dtype(zero_point.dtype, [&](auto access) {
    for (int64_t i = 0; i < zero_point.numel() && zero; ++i) {
      zero = decltype(access)::load(zero_point.data, i) == 0;
    }
  });
  return zero;
}

class DynamicQuantizeMatMulKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& a = inputs[0];
    const TensorView& b = inputs[1];
    const TensorView& scale = inputs[2];
    const TensorView absent;
    const TensorView& zero_point = inputs.size() > 3 ? inputs[3] : absent;
    const TensorView& bias = inputs.size() > 4 ? inputs[4] : absent;
    if (a.dtype != DType::kF32 || a.shape.rank() < 1) {
      return unimplemented("DynamicQuantizeMatMul: A must be f32 of rank >= 1, got ",
                           a.to_string());
    }
    if ((b.dtype != DType::kI8 && b.dtype != DType::kI4) || b.shape.rank() != 2) {
      return unimplemented("DynamicQuantizeMatMul: B must be i8 or i4 [K, N], got ", b.to_string());
    }
    k_ = b.shape[0];
    n_ = b.shape[1];
    if (a.shape[a.shape.rank() - 1] != k_ || k_ < 1 || k_ > kMaxK) {
      return invalid_argument("DynamicQuantizeMatMul: A ", a.shape.to_string(), " and B ",
                              b.shape.to_string(), " need A's last dim = K in [1, ", kMaxK, "]");
    }
    EDGEQ_ASSIGN_OR_RETURN(block_size_, attrs.get_int("block_size", 0));
    EDGEQ_RETURN_IF_ERROR(check_scale(scale));
    if (zero_point.present()) {
      if (zero_point.dtype != b.dtype || zero_point.shape != scale.shape) {
        return invalid_argument("DynamicQuantizeMatMul: b_zero_point ", zero_point.to_string(),
                                " must have B's dtype and b_scale's shape");
      }
      if (zero_point.data == nullptr) {
        return unimplemented("DynamicQuantizeMatMul: b_zero_point must be constant");
      }
      if (!all_zero(zero_point)) {
        return unimplemented("DynamicQuantizeMatMul: b_zero_point must be 0 (symmetric weights)");
      }
    }
    if (bias.present() && (bias.dtype != DType::kF32 || bias.shape != Shape({n_}))) {
      return invalid_argument("DynamicQuantizeMatMul: bias ", bias.to_string(), " must be f32 [",
                              n_, "]");
    }
    has_bias_ = bias.present();
    weight_dtype_ = b.dtype;
    rows_ = a.shape.numel() / k_;
    EDGEQ_RETURN_IF_ERROR(prepare_activation_quantizer(a.shape));
    Shape y_shape = a.shape;
    y_shape[y_shape.rank() - 1] = n_;
    outputs[0] = TensorView(DType::kF32, y_shape);
    return Status::Ok();
  }

  // q [rows, K] i8, then s [rows] f32, z [rows] i8, then acc [N] i32.
  size_t scratch_bytes() const override {
    return aligned_size(rows_ * k_) + aligned_size(rows_ * sizeof(float)) + aligned_size(rows_) +
           aligned_size(n_ * sizeof(int32_t));
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    uint8_t* q = scratch.data();
    uint8_t* s = q + aligned_size(rows_ * k_);
    uint8_t* z = s + aligned_size(rows_ * sizeof(float));
    int32_t* acc = reinterpret_cast<int32_t*>(z + aligned_size(rows_));
    const TensorView quantized[3] = {TensorView(quantized_[0].dtype, quantized_[0].shape, q),
                                     TensorView(quantized_[1].dtype, quantized_[1].shape, s),
                                     TensorView(quantized_[2].dtype, quantized_[2].shape, z)};
    Status status = activation_quantizer_->execute(
        inputs.subspan(0, 1), Span<const TensorView>(quantized), Span<uint8_t>());
    if (!status.ok()) return status.with_context("DynamicQuantizeMatMul input A");
    const float* bias = has_bias_ ? inputs[4].data_as<const float>() : nullptr;
    visit_quantized_dtype(weight_dtype_, [&](auto access) {
      multiply<decltype(access)>(
          reinterpret_cast<const int8_t*>(q), reinterpret_cast<const float*>(s),
          reinterpret_cast<const int8_t*>(z), inputs[1].data, inputs[2].data_as<const float>(),
          bias, acc, outputs[0].data_as<float>());
    });
    return Status::Ok();
  }

 private:
  Status check_scale(const TensorView& scale) {
    if (scale.dtype != DType::kF32) {
      return invalid_argument("DynamicQuantizeMatMul: b_scale must be f32, got ",
                              scale.to_string());
    }
    if (block_size_ < 0) {
      return invalid_argument("DynamicQuantizeMatMul: block_size ", block_size_, " is negative");
    }
    if (block_size_ > 0) {
      grouped_ = true;
      groups_ = (k_ + block_size_ - 1) / block_size_;
      scale_stride_ = n_;
      if (scale.shape != Shape({groups_, n_})) {
        return invalid_argument("DynamicQuantizeMatMul: block_size ", block_size_,
                                " needs b_scale [", groups_, ", ", n_, "], got ",
                                scale.shape.to_string());
      }
      return Status::Ok();
    }
    groups_ = 1;
    scale_stride_ = 0;
    block_size_ = k_;
    if (scale.shape.rank() <= 1 && scale.shape.numel() == 1) {
      per_column_ = false;
    } else if (scale.shape == Shape({n_})) {
      per_column_ = true;
    } else {
      return invalid_argument("DynamicQuantizeMatMul: b_scale ", scale.shape.to_string(),
                              " is neither per tensor nor [N = ", n_, "]");
    }
    grouped_ = false;
    return Status::Ok();
  }

  // The DynamicQuantize kernel (i8, per token) that quantizes A, prepared for A's shape.
  Status prepare_activation_quantizer(const Shape& a_shape) {
    EDGEQ_ASSIGN_OR_RETURN(activation_quantizer_, create_portable_kernel(OpType::kDynamicQuantize));
    Attributes attrs;
    attrs.set("dtype", std::string("i8"));
    attrs.set("granularity", std::string("per_token"));
    const TensorView a(DType::kF32, a_shape);
    return activation_quantizer_->prepare(attrs, Span<const TensorView>(&a, 1),
                                          Span<TensorView>(quantized_, 3));
  }

  float scale_of(const float* scale, int64_t g, int64_t n) const {
    if (grouped_) return scale[g * scale_stride_ + n];
    return scale[per_column_ ? n : 0];
  }

  template <typename Access>
  void multiply(const int8_t* q, const float* s, const int8_t* z, const void* weights,
                const float* scale, const float* bias, int32_t* acc, float* y) const {
    for (int64_t m = 0; m < rows_; ++m) {
      float* row = y + m * n_;
      const int8_t* qm = q + m * k_;
      for (int64_t g = 0; g < groups_; ++g) {
        std::fill(acc, acc + n_, 0);
        const int64_t end = std::min(k_, (g + 1) * block_size_);
        for (int64_t k = g * block_size_; k < end; ++k) {
          const int32_t a = int32_t{qm[k]} - int32_t{z[m]};
          for (int64_t n = 0; n < n_; ++n) acc[n] += a * Access::load(weights, k * n_ + n);
        }
        for (int64_t n = 0; n < n_; ++n) {
          if (grouped_) {
            const float partial = static_cast<float>(acc[n]) * scale_of(scale, g, n);
            row[n] = g == 0 ? partial : row[n] + partial;
          } else {
            row[n] = static_cast<float>(acc[n]) * (s[m] * scale_of(scale, 0, n));
          }
        }
      }
      for (int64_t n = 0; n < n_; ++n) {
        if (grouped_) row[n] *= s[m];
        row[n] += bias != nullptr ? bias[n] : 0.0f;
      }
    }
  }

  int64_t k_ = 0;
  int64_t n_ = 0;
  int64_t rows_ = 0;
  int64_t block_size_ = 0;  // K when not grouped
  int64_t groups_ = 1;
  int64_t scale_stride_ = 0;
  bool grouped_ = true;
  bool per_column_ = true;
  bool has_bias_ = false;
  DType weight_dtype_ = DType::kI8;
  std::unique_ptr<Kernel> activation_quantizer_;
  TensorView quantized_[3];  // DynamicQuantize's outputs: q, scale, zero point (shapes only)
};

}  // namespace

std::unique_ptr<Kernel> make_DynamicQuantizeMatMul_kernel() {
  return std::make_unique<DynamicQuantizeMatMulKernel>();
}

}  // namespace edgeq::runtime
