#include "runtime/kernels/softmax_common.h"

#include <cmath>
#include <cstdint>

#include "runtime/kernels/elementwise_common.h"

namespace edgeq::runtime {

Result<SoftmaxSplit> softmax_split(OpType op, const Attributes& attrs, const Shape& shape) {
  EDGEQ_ASSIGN_OR_RETURN(int64_t coerce_2d, attrs.get_int("coerce_2d", 0));
  EDGEQ_ASSIGN_OR_RETURN(int64_t axis, attrs.get_int("axis", coerce_2d ? 1 : -1));
  const int rank = shape.rank();
  if (rank > 0 && (axis < -rank || axis >= rank)) {
    return invalid_argument(op_name(op), ": axis ", axis, " is out of range for rank ", rank);
  }
  if (rank == 0 && axis != 0 && axis != -1) {
    return invalid_argument(op_name(op), ": axis ", axis, " is out of range for rank 0");
  }
  if (axis < 0) axis += rank;
  SoftmaxSplit split;
  for (int d = 0; d < rank; ++d) {
    if (d < axis) {
      split.outer *= shape[d];
    } else if (d == axis || coerce_2d) {
      split.n *= shape[d];
    } else {
      split.inner *= shape[d];
    }
  }
  return split;
}

namespace {

// Softmax over each contiguous row of length n.
void softmax_rows(const float* x, float* y, int64_t rows, int64_t n, bool log_softmax) {
  for (int64_t r = 0; r < rows; ++r, x += n, y += n) {
    float max = x[0];
    for (int64_t i = 1; i < n; ++i) max = max_of(max, x[i]);
    float sum = 0.f;
    for (int64_t i = 0; i < n; ++i) {
      y[i] = std::exp(x[i] - max);
      sum += y[i];
    }
    if (log_softmax) {  // (x - max) - log(sum): no precision lost to a large max
      const float log_sum = std::log(sum);
      for (int64_t i = 0; i < n; ++i) y[i] = (x[i] - max) - log_sum;
    } else {
      const float scale = 1.f / sum;
      for (int64_t i = 0; i < n; ++i) y[i] *= scale;
    }
  }
}

// Softmax along the middle dim of [outer, n, inner] with inner > 1: every loop runs over `inner`
// contiguous columns at once. `max` and `sum` hold `inner` floats each.
void softmax_strided(const float* x, float* y, int64_t outer, int64_t n, int64_t inner,
                     bool log_softmax, float* max, float* sum) {
  for (int64_t o = 0; o < outer; ++o, x += n * inner, y += n * inner) {
    for (int64_t j = 0; j < inner; ++j) max[j] = x[j];
    for (int64_t k = 1; k < n; ++k) {
      const float* row = x + k * inner;
      for (int64_t j = 0; j < inner; ++j) max[j] = max_of(max[j], row[j]);
    }
    for (int64_t j = 0; j < inner; ++j) sum[j] = 0.f;
    for (int64_t k = 0; k < n; ++k) {
      const float* row = x + k * inner;
      float* out = y + k * inner;
      for (int64_t j = 0; j < inner; ++j) {
        out[j] = std::exp(row[j] - max[j]);
        sum[j] += out[j];
      }
    }
    if (log_softmax) {
      for (int64_t j = 0; j < inner; ++j) sum[j] = std::log(sum[j]);
      for (int64_t k = 0; k < n; ++k) {
        const float* row = x + k * inner;
        float* out = y + k * inner;
        for (int64_t j = 0; j < inner; ++j) out[j] = (row[j] - max[j]) - sum[j];
      }
    } else {
      for (int64_t j = 0; j < inner; ++j) sum[j] = 1.f / sum[j];
      for (int64_t k = 0; k < n; ++k) {
        float* out = y + k * inner;
        for (int64_t j = 0; j < inner; ++j) out[j] *= sum[j];
      }
    }
  }
}

class SoftmaxKernel final : public Kernel {
 public:
  explicit SoftmaxKernel(bool log_softmax)
      : op_(log_softmax ? OpType::kLogSoftmax : OpType::kSoftmax), log_(log_softmax) {}

  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(op_, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(op_, inputs[0].dtype, kF32Only));
    EDGEQ_ASSIGN_OR_RETURN(SoftmaxSplit split, softmax_split(op_, attrs, inputs[0].shape));
    outer_ = split.outer;
    n_ = split.n;
    inner_ = split.inner;
    outputs[0] = TensorView(DType::kF32, inputs[0].shape);
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    return inner_ > 1 ? 2 * static_cast<size_t>(inner_) * sizeof(float) : 0;
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    if (outer_ * n_ * inner_ == 0) return Status::Ok();
    const float* x = inputs[0].data_as<const float>();
    float* y = outputs[0].data_as<float>();
    if (inner_ == 1) {
      softmax_rows(x, y, outer_, n_, log_);
    } else {
      auto* buffer = reinterpret_cast<float*>(scratch.data());
      softmax_strided(x, y, outer_, n_, inner_, log_, buffer, buffer + inner_);
    }
    return Status::Ok();
  }

 private:
  OpType op_;
  bool log_;
  int64_t outer_ = 1;
  int64_t n_ = 1;
  int64_t inner_ = 1;
};

}  // namespace

std::unique_ptr<Kernel> make_softmax_kernel(bool log_softmax) {
  return std::make_unique<SoftmaxKernel>(log_softmax);
}

}  // namespace edgeq::runtime
