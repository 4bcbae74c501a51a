// Tile: repeats input 0 `repeats[d]` times along each dim d (input 1, constant at prepare, one
// non-negative entry per dim). Any dtype but i4. The copy views the output as
// [repeats[0], dim[0], repeats[1], dim[1], ...] reading the input with stride 0 on the repeats.
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class TileKernel : public StridedCopyKernel {
 public:
  Status prepare(const Attributes& /*attrs*/, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Tile", in.dtype));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> repeats,
                           read_constant_ints("Tile", "repeats", inputs[1]));
    const int rank = in.shape.rank();
    if (static_cast<int>(repeats.size()) != rank) {
      return invalid_argument("Tile: ", repeats.size(), " repeats for input ", in.shape.to_string(),
                              " of rank ", rank);
    }
    const std::vector<int64_t> in_strides = contiguous_strides(in.shape);
    std::vector<int64_t> view_dims;
    std::vector<int64_t> view_strides;
    Shape out_shape = in.shape;
    for (int d = 0; d < rank; ++d) {
      if (repeats[d] < 0) return invalid_argument("Tile: negative repeat ", repeats[d]);
      view_dims.insert(view_dims.end(), {repeats[d], in.shape[d]});
      view_strides.insert(view_strides.end(), {0, in_strides[d]});
      out_shape[d] = repeats[d] * in.shape[d];
    }
    plan_ = make_strided_copy_plan(view_dims, view_strides, 0, dtype_size(in.dtype));
    outputs[0] = TensorView(in.dtype, out_shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Tile_kernel() { return std::make_unique<TileKernel>(); }

}  // namespace edgeq::runtime
