// DepthToSpace: [N, C, H, W] -> [N, C / (b * b), H * b, W * b] for blocksize b, in DCR mode
// (default: depth is split as [b, b, C / b²]) or CRD mode (as [C / b², b, b]). Any dtype but i4.
#include <string>

#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class DepthToSpaceKernel : public StridedCopyKernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("DepthToSpace", in.dtype));
    EDGEQ_ASSIGN_OR_RETURN(int64_t b, attrs.require_int("blocksize"));
    EDGEQ_ASSIGN_OR_RETURN(std::string mode, attrs.get_string("mode", "DCR"));
    if (in.shape.rank() != 4) {
      return invalid_argument("DepthToSpace: input must be 4-D, got ", in.shape.to_string());
    }
    const int64_t n = in.shape[0], c = in.shape[1], h = in.shape[2], w = in.shape[3];
    if (b <= 0 || c % (b * b) != 0) {
      return invalid_argument("DepthToSpace: blocksize ", b, " does not divide channels ", c,
                              " into blocks of ", b, "x", b);
    }
    const int64_t depth = c / (b * b);
    if (mode == "DCR") {
      const int64_t view[] = {n, b, b, depth, h, w};
      const int perm[] = {0, 3, 4, 1, 5, 2};
      plan_ = make_permute_plan(view, perm, dtype_size(in.dtype));
    } else if (mode == "CRD") {
      const int64_t view[] = {n, depth, b, b, h, w};
      const int perm[] = {0, 1, 4, 2, 5, 3};
      plan_ = make_permute_plan(view, perm, dtype_size(in.dtype));
    } else {
      return invalid_argument("DepthToSpace: mode must be DCR or CRD, not '", mode, "'");
    }
    outputs[0] = TensorView(in.dtype, Shape{n, depth, h * b, w * b});
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_DepthToSpace_kernel() {
  return std::make_unique<DepthToSpaceKernel>();
}

}  // namespace edgeq::runtime
