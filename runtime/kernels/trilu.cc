// Trilu: the upper (upper = 1, the default) or lower triangle of each matrix in the last two dims,
// the rest zeroed. The optional input k (default 0) shifts the diagonal: upper keeps column
// j >= i + k, lower keeps j <= i + k. k may be a runtime value; it is read at execute.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class TriluKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kTrilu, inputs, outputs));
    const TensorView& x = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Trilu", x.dtype));
    if (x.shape.rank() < 2) {
      return invalid_argument("Trilu: input must have rank >= 2, got ", x.shape.to_string());
    }
    if (inputs.size() > 1 && inputs[1].present()) {
      EDGEQ_RETURN_IF_ERROR(check_int_scalar(OpType::kTrilu, "k", inputs[1]));
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t upper, attrs.get_int("upper", 1));
    upper_ = upper != 0;
    rows_ = x.shape[x.shape.rank() - 2];
    cols_ = x.shape[x.shape.rank() - 1];
    element_bytes_ = dtype_size(x.dtype);
    outputs[0] = TensorView(x.dtype, x.shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const bool has_k = inputs.size() > 1 && inputs[1].present();
    const int64_t k = has_k ? int_scalar_value(inputs[1]) : 0;
    const auto* in = static_cast<const uint8_t*>(inputs[0].data);
    auto* out = static_cast<uint8_t*>(outputs[0].data);
    const int64_t matrices = rows_ * cols_ == 0 ? 0 : inputs[0].numel() / (rows_ * cols_);
    const size_t row_bytes = static_cast<size_t>(cols_) * element_bytes_;
    for (int64_t m = 0; m < matrices; ++m) {
      for (int64_t i = 0; i < rows_; ++i, in += row_bytes, out += row_bytes) {
        // Columns [begin, end) are kept. Clamping k first keeps i + k from overflowing.
        const int64_t reach = rows_ + cols_;
        const int64_t diagonal = std::clamp<int64_t>(i + std::clamp(k, -reach, reach), -1, cols_);
        const int64_t begin = upper_ ? std::max<int64_t>(diagonal, 0) : 0;
        const int64_t end = upper_ ? cols_ : std::min<int64_t>(diagonal + 1, cols_);
        write_row(in, out, begin, std::max(begin, end));
      }
    }
    return Status::Ok();
  }

 private:
  void write_row(const uint8_t* in, uint8_t* out, int64_t begin, int64_t end) const {
    const size_t b = static_cast<size_t>(begin) * element_bytes_;
    const size_t e = static_cast<size_t>(end) * element_bytes_;
    const size_t total = static_cast<size_t>(cols_) * element_bytes_;
    std::memset(out, 0, b);
    if (e > b) std::memcpy(out + b, in + b, e - b);
    std::memset(out + e, 0, total - e);
  }

  bool upper_ = true;
  int64_t rows_ = 0;
  int64_t cols_ = 0;
  size_t element_bytes_ = 1;
};

}  // namespace

std::unique_ptr<Kernel> make_Trilu_kernel() { return std::make_unique<TriluKernel>(); }

}  // namespace edgeq::runtime
