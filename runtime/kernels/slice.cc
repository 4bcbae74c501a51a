// Slice (opset 10+): starts, ends and the optional axes and steps are inputs that must be constant
// at prepare (i32 or i64). Out-of-range starts and ends are clamped as ONNX says; a negative step
// walks backwards. Any dtype but i4.
#include <algorithm>
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct AxisRange {
  int64_t start = 0;
  int64_t count = 0;
};

// ONNX's clamping of start and end for one axis of size `dim`, then the element count.
AxisRange clamp_range(int64_t start, int64_t end, int64_t step, int64_t dim) {
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
  } else {
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
  }
  const int64_t span = end - start;
  int64_t count = 0;
  if (step > 0 && span > 0) count = (span + step - 1) / step;
  if (step < 0 && span < 0) count = (-span + (-step) - 1) / (-step);
  return {start, count};
}

class SliceKernel : public StridedCopyKernel {
 public:
  Status prepare(const Attributes& /*attrs*/, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Slice", in.dtype));
    const int rank = in.shape.rank();
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> starts,
                           read_constant_ints("Slice", "starts", inputs[1]));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> ends,
                           read_constant_ints("Slice", "ends", inputs[2]));
    std::vector<int64_t> axes(starts.size());
    for (size_t i = 0; i < axes.size(); ++i) axes[i] = static_cast<int64_t>(i);
    if (inputs.size() > 3 && inputs[3].present()) {
      EDGEQ_ASSIGN_OR_RETURN(axes, read_constant_ints("Slice", "axes", inputs[3]));
    }
    std::vector<int64_t> steps(starts.size(), 1);
    if (inputs.size() > 4 && inputs[4].present()) {
      EDGEQ_ASSIGN_OR_RETURN(steps, read_constant_ints("Slice", "steps", inputs[4]));
    }
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size()) {
      return invalid_argument("Slice: starts, ends, axes and steps have ", starts.size(), ", ",
                              ends.size(), ", ", axes.size(), " and ", steps.size(),
                              " elements; they must match");
    }
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int> normalized, normalize_axes("Slice", axes, rank));

    std::vector<int64_t> out_dims = in.shape.to_vector();
    std::vector<int64_t> strides = contiguous_strides(in.shape);
    int64_t offset = 0;
    for (size_t i = 0; i < normalized.size(); ++i) {
      if (steps[i] == 0) return invalid_argument("Slice: step 0 on axis ", axes[i]);
      const int axis = normalized[i];
      const AxisRange range = clamp_range(starts[i], ends[i], steps[i], in.shape[axis]);
      out_dims[axis] = range.count;
      if (range.count > 0) offset += range.start * strides[axis];
      strides[axis] *= steps[i];
    }
    EDGEQ_ASSIGN_OR_RETURN(Shape out_shape, make_shape("Slice", out_dims));
    plan_ = make_strided_copy_plan(out_dims, strides, offset, dtype_size(in.dtype));
    outputs[0] = TensorView(in.dtype, out_shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Slice_kernel() { return std::make_unique<SliceKernel>(); }

}  // namespace edgeq::runtime
