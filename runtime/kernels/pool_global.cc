#include "runtime/kernels/pool_global.h"

namespace edgeq::runtime {

Status prepare_global_pool(const char* op, const TensorView& x, TensorView* output) {
  if (x.dtype != DType::kF32) return unimplemented(op, ": dtype ", dtype_name(x.dtype));
  if (x.shape.rank() < 3) {
    return invalid_argument(op, ": input ", x.shape.to_string(), " needs [N, C, spatial...]");
  }
  Shape out_shape = x.shape;
  for (int d = 2; d < out_shape.rank(); ++d) out_shape[d] = 1;
  *output = TensorView(DType::kF32, out_shape);
  return Status::Ok();
}

}  // namespace edgeq::runtime
