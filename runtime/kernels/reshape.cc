// Reshape: input 1 `shape` (constant at prepare, i32 or i64) gives the new dims: 0 copies the
// input's dim at that position (unless allowzero=1, where 0 is a real zero), one -1 is inferred.
// A pure byte copy, so every dtype moves, packed i4 included.
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

Result<std::vector<int64_t>> resolve_dims(const Shape& in, std::vector<int64_t> dims,
                                          bool allow_zero) {
  int inferred = -1;
  int64_t known = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == 0 && !allow_zero) {
      if (static_cast<int>(i) >= in.rank()) {
        return invalid_argument("Reshape: shape[", i, "] = 0 copies a dim that input ",
                                in.to_string(), " lacks");
      }
      dims[i] = in[static_cast<int>(i)];
    }
    if (dims[i] == -1) {
      if (inferred >= 0) return invalid_argument("Reshape: more than one -1 in the shape");
      inferred = static_cast<int>(i);
      continue;
    }
    if (dims[i] < 0) return invalid_argument("Reshape: invalid dimension ", dims[i]);
    known *= dims[i];
  }
  if (inferred >= 0) {
    if (known == 0 || in.numel() % known != 0) {
      return invalid_argument("Reshape: cannot infer the -1 in shape ", Shape(dims).to_string(),
                              " from input ", in.to_string());
    }
    dims[inferred] = in.numel() / known;
  }
  return dims;
}

class ReshapeKernel : public CopyInputKernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    if (!in.present()) return invalid_argument("Reshape: missing input 'data'");
    EDGEQ_ASSIGN_OR_RETURN(int64_t allow_zero, attrs.get_int("allowzero", 0));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> requested,
                           read_constant_ints("Reshape", "shape", inputs[1]));
    if (requested.size() > static_cast<size_t>(kMaxRank)) {
      return invalid_argument("Reshape: target rank ", requested.size(), " exceeds the maximum ",
                              kMaxRank);
    }
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> dims,
                           resolve_dims(in.shape, requested, allow_zero != 0));
    EDGEQ_ASSIGN_OR_RETURN(Shape out_shape, make_shape("Reshape", dims));
    if (out_shape.numel() != in.numel()) {
      return invalid_argument("Reshape: cannot reshape ", in.shape.to_string(), " (", in.numel(),
                              " elements) to ", out_shape.to_string(), " (", out_shape.numel(),
                              " elements)");
    }
    outputs[0] = TensorView(in.dtype, out_shape);
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Reshape_kernel() { return std::make_unique<ReshapeKernel>(); }

}  // namespace edgeq::runtime
