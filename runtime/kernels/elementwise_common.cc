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

Status check_int_scalar(OpType op, const char* name, const TensorView& tensor) {
  if ((tensor.dtype != DType::kI32 && tensor.dtype != DType::kI64) || tensor.shape.rank() > 1 ||
      tensor.numel() != 1) {
    return invalid_argument(op_name(op), ": input '", name,
                            "' must be one i32 or i64 element, got ", tensor.to_string());
  }
  return Status::Ok();
}

int64_t int_scalar_value(const TensorView& tensor) {
  if (tensor.dtype == DType::kI32) return *tensor.data_as<const int32_t>();
  return *tensor.data_as<const int64_t>();
}

}  // namespace edgeq::runtime
