// MatMul (ONNX opset 1-18), f32, numpy semantics: a 1-D A is a row vector and a 1-D B a column
// vector (that dimension is dropped from the output); leading (batch) dims broadcast. When B has no
// batch dims, the batches of A fold into the rows of one multiply. Constant B is packed once.
#include <algorithm>
#include <vector>

#include "runtime/kernels/gemm_f32.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class MatMulKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& a = inputs[0];
    const TensorView& b = inputs[1];
    for (size_t i = 0; i < 2; ++i) {
      if (inputs[i].dtype != DType::kF32) {
        return unimplemented("MatMul: dtype ", dtype_name(inputs[i].dtype), " (input ", i, ")");
      }
      if (inputs[i].shape.rank() < 1) return invalid_argument("MatMul: input ", i, " is a scalar");
    }
    const int ra = a.shape.rank(), rb = b.shape.rank();
    m_ = ra == 1 ? 1 : a.shape[ra - 2];
    k_ = a.shape[ra - 1];
    const int64_t k_b = rb == 1 ? b.shape[0] : b.shape[rb - 2];
    n_ = rb == 1 ? 1 : b.shape[rb - 1];
    if (k_b != k_) {
      return invalid_argument("MatMul: inner dimensions differ: A ", a.shape.to_string(), ", B ",
                              b.shape.to_string());
    }
    // Batch dims, right aligned and broadcast.
    const int a_batch_rank = std::max(0, ra - 2), b_batch_rank = std::max(0, rb - 2);
    const int batch_rank = std::max(a_batch_rank, b_batch_rank);
    Shape batch;
    std::vector<int64_t> a_dims(batch_rank, 1), b_dims(batch_rank, 1);
    for (int i = 0; i < a_batch_rank; ++i) a_dims[batch_rank - a_batch_rank + i] = a.shape[i];
    for (int i = 0; i < b_batch_rank; ++i) b_dims[batch_rank - b_batch_rank + i] = b.shape[i];
    for (int i = 0; i < batch_rank; ++i) {
      if (a_dims[i] != b_dims[i] && a_dims[i] != 1 && b_dims[i] != 1) {
        return invalid_argument("MatMul: batch dims of A ", a.shape.to_string(), " and B ",
                                b.shape.to_string(), " do not broadcast");
      }
      batch.push_back(std::max(a_dims[i], b_dims[i]));
    }
    Shape out_shape = batch;
    if (ra > 1) out_shape.push_back(m_);
    if (rb > 1) out_shape.push_back(n_);
    outputs[0] = TensorView(DType::kF32, out_shape);

    plan_batches(batch, a_dims, b_dims, b_batch_rank == 0);
    const int64_t b_matrices = b.numel() / std::max<int64_t>(1, k_ * n_);
    packed_b_.clear();
    if (b.data != nullptr && k_ * n_ > 0) {
      packed_per_matrix_ = packed_gemm_b_floats(k_, n_);
      packed_b_.resize(packed_per_matrix_ * b_matrices);
      for (int64_t i = 0; i < b_matrices; ++i) {
        pack_gemm_b(GemmOperand::matrix(b.data_as<const float>() + i * k_ * n_, n_), k_, n_,
                    packed_b_.data() + i * packed_per_matrix_);
      }
    }
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    return gemm_f32_scratch_floats(rows_, n_, k_) * sizeof(float);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const float* a = inputs[0].data_as<const float>();
    const float* b = inputs[1].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    float* gemm_scratch = reinterpret_cast<float*>(scratch.data());
    for (size_t i = 0; i < a_matrix_.size(); ++i) {
      const GemmOperand b_op =
          packed_b_.empty()
              ? GemmOperand::matrix(b + b_matrix_[i] * k_ * n_, n_)
              : GemmOperand::prepacked(packed_b_.data() + b_matrix_[i] * packed_per_matrix_);
      gemm_f32(rows_, n_, k_, 1.f, GemmOperand::matrix(a + a_matrix_[i] * m_ * k_, k_), b_op, 0.f,
               y + static_cast<int64_t>(i) * rows_ * n_, n_, gemm_scratch);
    }
    return Status::Ok();
  }

 private:
  // Lists, per multiply, which matrix of A and of B it reads. Without batch dims in B, every
  // batch of A is one block of rows of a single multiply.
  void plan_batches(const Shape& batch, const std::vector<int64_t>& a_dims,
                    const std::vector<int64_t>& b_dims, bool b_unbatched) {
    a_matrix_.clear();
    b_matrix_.clear();
    const int64_t count = batch.numel();
    rows_ = m_;
    if (b_unbatched) {
      rows_ = m_ * count;
      a_matrix_.push_back(0);
      b_matrix_.push_back(0);
      return;
    }
    const int rank = batch.rank();
    for (int64_t index = 0; index < count; ++index) {
      int64_t rest = index, a_index = 0, b_index = 0, a_scale = 1, b_scale = 1;
      for (int d = rank - 1; d >= 0; --d) {
        const int64_t coord = rest % batch[d];
        rest /= batch[d];
        a_index += (a_dims[d] == 1 ? 0 : coord) * a_scale;
        b_index += (b_dims[d] == 1 ? 0 : coord) * b_scale;
        a_scale *= a_dims[d];
        b_scale *= b_dims[d];
      }
      a_matrix_.push_back(a_index);
      b_matrix_.push_back(b_index);
    }
  }

  int64_t m_ = 0, n_ = 0, k_ = 0, rows_ = 0;
  std::vector<int64_t> a_matrix_, b_matrix_;  // per multiply: matrix index into A and B
  std::vector<float> packed_b_;
  size_t packed_per_matrix_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_MatMul_kernel() { return std::make_unique<MatMulKernel>(); }

}  // namespace edgeq::runtime
