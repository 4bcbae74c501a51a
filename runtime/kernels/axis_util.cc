#include "runtime/kernels/axis_util.h"

namespace edgeq::runtime {

Result<int> normalize_axis(const char* op, int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) {
    return invalid_argument(op, ": axis ", axis, " is out of range for rank ", rank);
  }
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

Result<std::vector<int>> normalize_axes(const char* op, Span<const int64_t> axes, int rank) {
  std::vector<int> result;
  std::vector<bool> seen(rank, false);
  for (int64_t axis : axes) {
    EDGEQ_ASSIGN_OR_RETURN(int normalized, normalize_axis(op, axis, rank));
    if (seen[normalized]) return invalid_argument(op, ": axis ", axis, " is repeated");
    seen[normalized] = true;
    result.push_back(normalized);
  }
  return result;
}

Result<std::vector<int64_t>> read_constant_ints(const char* op, const char* name,
                                                const TensorView& tensor) {
  if (tensor.dtype != DType::kI64 && tensor.dtype != DType::kI32) {
    return invalid_argument(op, ": input '", name, "' must be i32 or i64, not ",
                            dtype_name(tensor.dtype));
  }
  if (tensor.data == nullptr && tensor.numel() > 0) {
    return unimplemented(op, ": input '", name, "' must be constant");
  }
  std::vector<int64_t> values(static_cast<size_t>(tensor.numel()));
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = tensor.dtype == DType::kI64 ? tensor.data_as<const int64_t>()[i]
                                            : tensor.data_as<const int32_t>()[i];
  }
  return values;
}

Result<OptionalInts> ints_from_input_or_attr(const char* op, const char* name,
                                             const Attributes& attrs, Span<const TensorView> inputs,
                                             size_t index) {
  OptionalInts result;
  if (index < inputs.size() && inputs[index].present()) {
    EDGEQ_ASSIGN_OR_RETURN(result.values, read_constant_ints(op, name, inputs[index]));
    result.found = true;
  } else if (attrs.has(name)) {
    EDGEQ_ASSIGN_OR_RETURN(result.values, attrs.get_ints(name));
    result.found = true;
  }
  return result;
}

Result<Shape> make_shape(const char* op, Span<const int64_t> dims) {
  if (dims.size() > static_cast<size_t>(kMaxRank)) {
    return invalid_argument(op, ": output rank ", dims.size(), " exceeds the maximum ", kMaxRank);
  }
  for (int64_t dim : dims) {
    if (dim < 0) return invalid_argument(op, ": negative output dimension ", dim);
  }
  return Shape(dims);
}

int64_t dims_product(const Shape& shape, int begin, int end) {
  int64_t product = 1;
  for (int i = begin; i < end; ++i) product *= shape[i];
  return product;
}

}  // namespace edgeq::runtime
