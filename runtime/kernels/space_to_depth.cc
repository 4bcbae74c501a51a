// SpaceToDepth: [N, C, H, W] -> [N, C * b * b, H / b, W / b] for blocksize b; output channel
// (bh * b + bw) * C + c holds input pixel (h * b + bh, w * b + bw) of channel c. Any dtype but i4.
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class SpaceToDepthKernel : public StridedCopyKernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("SpaceToDepth", in.dtype));
    EDGEQ_ASSIGN_OR_RETURN(int64_t b, attrs.require_int("blocksize"));
    if (in.shape.rank() != 4) {
      return invalid_argument("SpaceToDepth: input must be 4-D, got ", in.shape.to_string());
    }
    const int64_t n = in.shape[0], c = in.shape[1], h = in.shape[2], w = in.shape[3];
    if (b <= 0 || h % b != 0 || w % b != 0) {
      return invalid_argument("SpaceToDepth: blocksize ", b, " does not divide the spatial dims ",
                              in.shape.to_string());
    }
    const int64_t view[] = {n, c, h / b, b, w / b, b};
    const int perm[] = {0, 3, 5, 1, 2, 4};
    plan_ = make_permute_plan(view, perm, dtype_size(in.dtype));
    outputs[0] = TensorView(in.dtype, Shape{n, c * b * b, h / b, w / b});
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_SpaceToDepth_kernel() {
  return std::make_unique<SpaceToDepthKernel>();
}

}  // namespace edgeq::runtime
