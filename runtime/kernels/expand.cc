// Expand: broadcasts input 0 against input 1 `shape` (constant at prepare, i32 or i64) with
// ONNX's two-way broadcasting, so a 1 in `shape` keeps the input's dim. Any dtype but i4.
#include <algorithm>
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class ExpandKernel : public StridedCopyKernel {
 public:
  Status prepare(const Attributes& /*attrs*/, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Expand", in.dtype));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> target,
                           read_constant_ints("Expand", "shape", inputs[1]));
    const int in_rank = in.shape.rank();
    const int out_rank = std::max(in_rank, static_cast<int>(target.size()));
    if (out_rank > kMaxRank) {
      return invalid_argument("Expand: output rank ", out_rank, " exceeds the maximum ", kMaxRank);
    }
    const std::vector<int64_t> in_strides = contiguous_strides(in.shape);
    std::vector<int64_t> dims(out_rank);
    std::vector<int64_t> strides(out_rank, 0);
    for (int d = 0; d < out_rank; ++d) {
      const int in_d = d - (out_rank - in_rank);
      const int t_d = d - (out_rank - static_cast<int>(target.size()));
      const int64_t in_dim = in_d >= 0 ? in.shape[in_d] : 1;
      const int64_t t_dim = t_d >= 0 ? target[t_d] : 1;
      if (in_dim != t_dim && in_dim != 1 && t_dim != 1) {
        return invalid_argument("Expand: input ", in.shape.to_string(),
                                " does not broadcast to shape ", Shape(target).to_string());
      }
      dims[d] = in_dim == 1 ? t_dim : in_dim;
      if (in_d >= 0 && in_dim != 1) strides[d] = in_strides[in_d];
    }
    EDGEQ_ASSIGN_OR_RETURN(Shape out_shape, make_shape("Expand", dims));
    plan_ = make_strided_copy_plan(dims, strides, 0, dtype_size(in.dtype));
    outputs[0] = TensorView(in.dtype, out_shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Expand_kernel() { return std::make_unique<ExpandKernel>(); }

}  // namespace edgeq::runtime
