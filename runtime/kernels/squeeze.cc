// Squeeze: removes the size-1 dims listed in `axes` (input 1 from opset 13, constant; attribute
// before), or every size-1 dim when no axes are given. A pure byte copy (every dtype, i4 too).
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class SqueezeKernel : public CopyInputKernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    if (!in.present()) return invalid_argument("Squeeze: missing input 'data'");
    const int rank = in.shape.rank();
    EDGEQ_ASSIGN_OR_RETURN(OptionalInts axes,
                           ints_from_input_or_attr("Squeeze", "axes", attrs, inputs, 1));
    std::vector<bool> removed(rank, false);
    if (axes.found) {
      EDGEQ_ASSIGN_OR_RETURN(std::vector<int> normalized,
                             normalize_axes("Squeeze", axes.values, rank));
      for (int axis : normalized) {
        if (in.shape[axis] != 1) {
          return invalid_argument("Squeeze: axis ", axis, " of ", in.shape.to_string(),
                                  " has size ", in.shape[axis], ", not 1");
        }
        removed[axis] = true;
      }
    } else {
      for (int d = 0; d < rank; ++d) removed[d] = in.shape[d] == 1;
    }
    Shape out_shape;
    for (int d = 0; d < rank; ++d) {
      if (!removed[d]) out_shape.push_back(in.shape[d]);
    }
    outputs[0] = TensorView(in.dtype, out_shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Squeeze_kernel() { return std::make_unique<SqueezeKernel>(); }

}  // namespace edgeq::runtime
