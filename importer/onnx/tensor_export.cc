#include "importer/onnx/tensor_export.h"

namespace edgeq::importer {

Result<int> onnx_type_of(DType dtype, const std::string& what) {
  switch (dtype) {
    case DType::kF32:
      return static_cast<int>(onnx::TensorProto::FLOAT);
    case DType::kF16:
      return static_cast<int>(onnx::TensorProto::FLOAT16);
    case DType::kI8:
      return static_cast<int>(onnx::TensorProto::INT8);
    case DType::kU8:
      return static_cast<int>(onnx::TensorProto::UINT8);
    case DType::kI16:
      return static_cast<int>(onnx::TensorProto::INT16);
    case DType::kI32:
      return static_cast<int>(onnx::TensorProto::INT32);
    case DType::kI64:
      return static_cast<int>(onnx::TensorProto::INT64);
    case DType::kBool:
      return static_cast<int>(onnx::TensorProto::BOOL);
    case DType::kI4:
      return kOnnxInt4;
    default:
      return invalid_argument(what, " has no dtype (", dtype_name(dtype), ")");
  }
}

Status fill_tensor_proto(const std::string& name, DType dtype, const Shape& shape,
                         const uint8_t* bytes, size_t size, onnx::TensorProto* out) {
  const std::string what = str_cat("tensor '", name, "'");
  EDGEQ_ASSIGN_OR_RETURN(int type, onnx_type_of(dtype, what));
  const size_t expected = dtype_storage_bytes(dtype, static_cast<size_t>(shape.numel()));
  if (size != expected) {
    return internal_error(what, " has ", size, " bytes; ", dtype_name(dtype), shape.to_string(),
                          " needs ", expected);
  }
  out->set_name(name);
  out->set_data_type(type);
  for (int d = 0; d < shape.rank(); ++d) out->add_dims(shape[d]);
  out->set_raw_data(bytes, size);
  return Status::Ok();
}

void fill_int64_tensor(const std::string& name, const std::vector<int64_t>& values,
                       onnx::TensorProto* out) {
  out->set_name(name);
  out->set_data_type(onnx::TensorProto::INT64);
  out->add_dims(static_cast<int64_t>(values.size()));
  for (int64_t v : values) out->add_int64_data(v);
}

}  // namespace edgeq::importer
