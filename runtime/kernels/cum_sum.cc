// CumSum: running sums along `axis` (input 1: one i32 or i64 element, constant or runtime; read at
// execute). exclusive = 1 leaves each element out of its own sum (the first sum is 0); reverse = 1
// sums from the end of the axis. f32, i32 and i64; integers wrap on overflow.
#include <cstdint>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class CumSumKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kCumSum, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kCumSum, inputs[0].dtype, kF32AndIntegers));
    EDGEQ_RETURN_IF_ERROR(check_int_scalar(OpType::kCumSum, "axis", inputs[1]));
    if (inputs[0].shape.rank() == 0) {
      return invalid_argument("CumSum: input must have rank >= 1");
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t exclusive, attrs.get_int("exclusive", 0));
    EDGEQ_ASSIGN_OR_RETURN(int64_t reverse, attrs.get_int("reverse", 0));
    exclusive_ = exclusive != 0;
    reverse_ = reverse != 0;
    if (inputs[1].data != nullptr) {
      EDGEQ_RETURN_IF_ERROR(set_axis(int_scalar_value(inputs[1]), inputs[0].shape));
    }
    outputs[0] = TensorView(inputs[0].dtype, inputs[0].shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    EDGEQ_RETURN_IF_ERROR(set_axis(int_scalar_value(inputs[1]), inputs[0].shape));
    visit_dtypes<kF32AndIntegers>(inputs[0].dtype, [&](auto zero) {
      using T = decltype(zero);
      run(inputs[0].data_as<const T>(), outputs[0].data_as<T>());
    });
    return Status::Ok();
  }

 private:
  Status set_axis(int64_t axis, const Shape& shape) {
    const int rank = shape.rank();
    if (axis < -rank || axis >= rank) {
      return invalid_argument("CumSum: axis ", axis, " is out of range for rank ", rank);
    }
    const int d = static_cast<int>(axis < 0 ? axis + rank : axis);
    outer_ = inner_ = 1;
    for (int i = 0; i < d; ++i) outer_ *= shape[i];
    for (int i = d + 1; i < rank; ++i) inner_ *= shape[i];
    n_ = shape[d];
    return Status::Ok();
  }

  // Sweeps the n rows of `inner` contiguous values per outer index, forward or backward, with a
  // running sum per column kept in the output row just written.
  template <typename T>
  void run(const T* x, T* y) const {
    const int64_t step = reverse_ ? -inner_ : inner_;
    for (int64_t o = 0; o < outer_; ++o, x += n_ * inner_, y += n_ * inner_) {
      if (n_ == 0) continue;
      const int64_t first = reverse_ ? (n_ - 1) * inner_ : 0;
      for (int64_t j = 0; j < inner_; ++j) y[first + j] = exclusive_ ? T{0} : x[first + j];
      for (int64_t k = 1; k < n_; ++k) {
        const int64_t row = first + k * step;
        const T* added = x + (exclusive_ ? row - step : row);
        const T* previous = y + row - step;
        for (int64_t j = 0; j < inner_; ++j) y[row + j] = wrapping_add(previous[j], added[j]);
      }
    }
  }

  bool exclusive_ = false;
  bool reverse_ = false;
  int64_t outer_ = 1;
  int64_t n_ = 1;
  int64_t inner_ = 1;
};

}  // namespace

std::unique_ptr<Kernel> make_CumSum_kernel() { return std::make_unique<CumSumKernel>(); }

}  // namespace edgeq::runtime
