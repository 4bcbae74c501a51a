// ArgMax and ArgMin: the index (i64) of the largest (smallest) element along `axis` (default 0);
// the first such index, or the last with select_last_index = 1. keepdims (default 1) keeps the
// axis as size 1.
#include <cstdint>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {
namespace {

class ArgReduceKernel final : public Kernel {
 public:
  explicit ArgReduceKernel(bool smallest)
      : op_(smallest ? OpType::kArgMin : OpType::kArgMax), smallest_(smallest) {}

  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(op_, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(op_, inputs[0].dtype, kF32AndIntegers));
    const Shape& shape = inputs[0].shape;
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis_attr, attrs.get_int("axis", 0));
    EDGEQ_ASSIGN_OR_RETURN(int64_t keepdims, attrs.get_int("keepdims", 1));
    EDGEQ_ASSIGN_OR_RETURN(int64_t select_last, attrs.get_int("select_last_index", 0));
    EDGEQ_ASSIGN_OR_RETURN(int axis, normalize_axis(op_, axis_attr, shape.rank()));
    if (shape[axis] == 0) {
      return invalid_argument(op_name(op_), ": axis ", axis_attr, " of ", shape.to_string(),
                              " is empty");
    }
    select_last_ = select_last != 0;
    outer_ = inner_ = 1;
    Shape out_shape;
    for (int d = 0; d < shape.rank(); ++d) {
      if (d < axis) outer_ *= shape[d];
      if (d > axis) inner_ *= shape[d];
      if (d != axis) {
        out_shape.push_back(shape[d]);
      } else if (keepdims) {
        out_shape.push_back(1);
      }
    }
    n_ = shape[axis];
    outputs[0] = TensorView(DType::kI64, out_shape);
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    return static_cast<size_t>(inner_) * sizeof(int64_t);  // the best values so far, as bytes
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    visit_dtypes<kF32AndIntegers>(inputs[0].dtype, [&](auto zero) {
      using T = decltype(zero);
      run(inputs[0].data_as<const T>(), outputs[0].data_as<int64_t>(),
          reinterpret_cast<T*>(scratch.data()));
    });
    return Status::Ok();
  }

 private:
  // For each outer index, sweeps the n rows of `inner` contiguous values, keeping the best value
  // and its index per column.
  template <typename T>
  void run(const T* x, int64_t* out, T* best) const {
    for (int64_t o = 0; o < outer_; ++o, x += n_ * inner_, out += inner_) {
      for (int64_t j = 0; j < inner_; ++j) {
        best[j] = x[j];
        out[j] = 0;
      }
      for (int64_t k = 1; k < n_; ++k) {
        const T* row = x + k * inner_;
        for (int64_t j = 0; j < inner_; ++j) {
          const bool better = smallest_ ? (select_last_ ? row[j] <= best[j] : row[j] < best[j])
                                        : (select_last_ ? row[j] >= best[j] : row[j] > best[j]);
          best[j] = better ? row[j] : best[j];
          out[j] = better ? k : out[j];
        }
      }
    }
  }

  OpType op_;
  bool smallest_;
  bool select_last_ = false;
  int64_t outer_ = 1;
  int64_t n_ = 1;
  int64_t inner_ = 1;
};

}  // namespace

std::unique_ptr<Kernel> make_arg_reduce_kernel(bool smallest) {
  return std::make_unique<ArgReduceKernel>(smallest);
}

std::unique_ptr<Kernel> make_ArgMax_kernel() { return make_arg_reduce_kernel(/*smallest=*/false); }

}  // namespace edgeq::runtime
