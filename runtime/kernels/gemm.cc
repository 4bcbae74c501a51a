// Gemm (ONNX opset 7-18), f32: Y = alpha * op(A) * op(B) + beta * C, with transA / transB and C
// unidirectionally broadcast to [M, N]. Constant B (the usual weights) is packed once in prepare.
#include <vector>

#include "runtime/kernels/gemm_f32.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class GemmKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& a = inputs[0];
    const TensorView& b = inputs[1];
    has_c_ = inputs.size() > 2 && inputs[2].present();
    for (size_t i = 0; i < (has_c_ ? 3u : 2u); ++i) {
      if (inputs[i].dtype != DType::kF32) {
        return unimplemented("Gemm: dtype ", dtype_name(inputs[i].dtype), " (input ", i, ")");
      }
    }
    if (a.shape.rank() != 2 || b.shape.rank() != 2) {
      return invalid_argument("Gemm: A ", a.shape.to_string(), " and B ", b.shape.to_string(),
                              " must be matrices");
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t trans_a, attrs.get_int("transA", 0));
    EDGEQ_ASSIGN_OR_RETURN(int64_t trans_b, attrs.get_int("transB", 0));
    EDGEQ_ASSIGN_OR_RETURN(alpha_, attrs.get_float("alpha", 1.f));
    EDGEQ_ASSIGN_OR_RETURN(beta_, attrs.get_float("beta", 1.f));
    trans_a_ = trans_a != 0;
    trans_b_ = trans_b != 0;
    m_ = trans_a_ ? a.shape[1] : a.shape[0];
    k_ = trans_a_ ? a.shape[0] : a.shape[1];
    n_ = trans_b_ ? b.shape[0] : b.shape[1];
    const int64_t k_b = trans_b_ ? b.shape[1] : b.shape[0];
    if (k_b != k_) {
      return invalid_argument("Gemm: inner dimensions differ: op(A) is [", m_, ", ", k_,
                              "], op(B) is [", k_b, ", ", n_, "]");
    }
    if (has_c_) EDGEQ_RETURN_IF_ERROR(read_c_shape(inputs[2].shape));
    outputs[0] = TensorView(DType::kF32, Shape{m_, n_});

    packed_b_.clear();
    if (b.data != nullptr) {
      packed_b_.resize(packed_gemm_b_floats(k_, n_));
      pack_gemm_b(b_operand(b), k_, n_, packed_b_.data());
    }
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    return gemm_f32_scratch_floats(m_, n_, k_) * sizeof(float);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const TensorView& a = inputs[0];
    float* y = outputs[0].data_as<float>();
    float beta = 0.f;
    if (has_c_ && beta_ != 0.f) {
      const float* c = inputs[2].data_as<const float>();
      for (int64_t i = 0; i < m_; ++i) {
        const float* c_row = c + (c_rows_ == 1 ? 0 : i) * c_cols_;
        for (int64_t j = 0; j < n_; ++j) y[i * n_ + j] = beta_ * c_row[c_cols_ == 1 ? 0 : j];
      }
      beta = 1.f;
    }
    const GemmOperand b =
        packed_b_.empty() ? b_operand(inputs[1]) : GemmOperand::prepacked(packed_b_.data());
    gemm_f32(m_, n_, k_, alpha_,
             GemmOperand::matrix(a.data_as<const float>(), a.shape[1], trans_a_), b, beta, y, n_,
             reinterpret_cast<float*>(scratch.data()));
    return Status::Ok();
  }

 private:
  GemmOperand b_operand(const TensorView& b) const {
    return GemmOperand::matrix(b.data_as<const float>(), b.shape[1], trans_b_);
  }

  // C broadcasts to [M, N] from the right: scalar, [N], [1 or M, 1 or N].
  Status read_c_shape(const Shape& c) {
    c_rows_ = c.rank() == 2 ? c[0] : 1;
    c_cols_ = c.rank() >= 1 ? c[c.rank() - 1] : 1;
    if (c.rank() > 2 || (c_rows_ != 1 && c_rows_ != m_) || (c_cols_ != 1 && c_cols_ != n_)) {
      return invalid_argument("Gemm: C ", c.to_string(), " does not broadcast to [", m_, ", ", n_,
                              "]");
    }
    return Status::Ok();
  }

  bool trans_a_ = false, trans_b_ = false, has_c_ = false;
  float alpha_ = 1.f, beta_ = 1.f;
  int64_t m_ = 0, n_ = 0, k_ = 0, c_rows_ = 1, c_cols_ = 1;
  std::vector<float> packed_b_;
};

}  // namespace

std::unique_ptr<Kernel> make_Gemm_kernel() { return std::make_unique<GemmKernel>(); }

}  // namespace edgeq::runtime
