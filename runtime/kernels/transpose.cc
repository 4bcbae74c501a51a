// Transpose: output dim k is input dim perm[k] (default: the dims reversed). Any dtype but i4.
// The copy runs a cache-blocked 2-D transpose for the common block patterns (NCHW <-> NHWC,
// matrix transposes; see copy_util.h).
#include <vector>

#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class TransposeKernel : public StridedCopyKernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Transpose", in.dtype));
    const int rank = in.shape.rank();
    std::vector<int64_t> reversed(rank);
    for (int k = 0; k < rank; ++k) reversed[k] = rank - 1 - k;
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> perm, attrs.get_ints("perm", reversed));
    if (static_cast<int>(perm.size()) != rank) {
      return invalid_argument("Transpose: perm has ", perm.size(), " entries for rank ", rank);
    }
    std::vector<bool> seen(rank, false);
    std::vector<int> axes(rank);
    Shape out_shape = in.shape;
    for (int k = 0; k < rank; ++k) {
      if (perm[k] < 0 || perm[k] >= rank || seen[perm[k]]) {
        return invalid_argument("Transpose: perm ", Shape(perm).to_string(),
                                " is not a permutation of 0..", rank - 1);
      }
      seen[perm[k]] = true;
      axes[k] = static_cast<int>(perm[k]);
      out_shape[k] = in.shape[axes[k]];
    }
    plan_ = make_permute_plan(in.shape.dims(), axes, dtype_size(in.dtype));
    outputs[0] = TensorView(in.dtype, out_shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Transpose_kernel() { return std::make_unique<TransposeKernel>(); }

}  // namespace edgeq::runtime
