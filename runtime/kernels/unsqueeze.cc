// Unsqueeze: inserts size-1 dims at `axes` (input 1 from opset 13, constant; attribute before),
// axes counted in the output's rank. A pure byte copy (every dtype, i4 too).
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class UnsqueezeKernel : public CopyInputKernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    if (!in.present()) return invalid_argument("Unsqueeze: missing input 'data'");
    EDGEQ_ASSIGN_OR_RETURN(OptionalInts axes,
                           ints_from_input_or_attr("Unsqueeze", "axes", attrs, inputs, 1));
    if (!axes.found) return invalid_argument("Unsqueeze: missing 'axes'");
    const int out_rank = in.shape.rank() + static_cast<int>(axes.values.size());
    if (out_rank > kMaxRank) {
      return invalid_argument("Unsqueeze: output rank ", out_rank, " exceeds the maximum ",
                              kMaxRank);
    }
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int> normalized,
                           normalize_axes("Unsqueeze", axes.values, out_rank));
    std::vector<bool> inserted(out_rank, false);
    for (int axis : normalized) inserted[axis] = true;
    Shape out_shape;
    int next_input_dim = 0;
    for (int d = 0; d < out_rank; ++d) {
      out_shape.push_back(inserted[d] ? 1 : in.shape[next_input_dim++]);
    }
    outputs[0] = TensorView(in.dtype, out_shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Unsqueeze_kernel() { return std::make_unique<UnsqueezeKernel>(); }

}  // namespace edgeq::runtime
