#include "runtime/kernels/elementwise_common.h"

namespace edgeq::runtime {

Status check_dtype(OpType op, DType dtype, DTypeSet allowed) {
  if (dtype == DType::kUndefined) {
    return invalid_argument(op_name(op), ": a required input is absent");
  }
  if ((dtype_bit(dtype) & allowed) == 0) {
    return unimplemented(op_name(op), ": dtype ", dtype_name(dtype), " is not supported");
  }
  return Status::Ok();
}

Status check_counts(OpType op, Span<const TensorView> inputs, Span<TensorView> outputs) {
  return check_arity(op, static_cast<int>(inputs.size()), static_cast<int>(outputs.size()));
}

}  // namespace edgeq::runtime
