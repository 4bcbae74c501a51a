// Flatten: [d0, ..., dn-1] -> [d0 * ... * d(axis-1), d(axis) * ... * dn-1], axis in [-rank, rank]
// (default 1). A pure byte copy, so every dtype moves, packed i4 included.
#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class FlattenKernel : public CopyInputKernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    if (!in.present()) return invalid_argument("Flatten: missing input");
    const int rank = in.shape.rank();
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis, attrs.get_int("axis", 1));
    if (axis < -rank || axis > rank) {
      return invalid_argument("Flatten: axis ", axis, " is out of range [", -rank, ", ", rank, "]");
    }
    const int normalized = static_cast<int>(axis < 0 ? axis + rank : axis);
    outputs[0] = TensorView(in.dtype, Shape{dims_product(in.shape, 0, normalized),
                                            dims_product(in.shape, normalized, rank)});
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Flatten_kernel() { return std::make_unique<FlattenKernel>(); }

}  // namespace edgeq::runtime
