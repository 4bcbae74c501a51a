#include "importer/onnx/tensor_conversion.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "importer/onnx/external_data.h"

namespace edgeq::importer {
namespace {

// More elements than any model edgeq runs; keeps byte counts far from overflow.
constexpr int64_t kMaxElements = int64_t{1} << 40;

std::string onnx_type_name(int onnx_type) {
  if (!onnx::TensorProto_DataType_IsValid(onnx_type)) return "unknown";
  return onnx::TensorProto_DataType_Name(static_cast<onnx::TensorProto_DataType>(onnx_type));
}

Result<Shape> tensor_shape(const onnx::TensorProto& tensor, const std::string& what) {
  if (tensor.dims_size() > kMaxRank) {
    return unimplemented(what, " has rank ", tensor.dims_size(), "; edgeq supports up to ",
                         kMaxRank);
  }
  Shape shape;
  int64_t numel = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0) return invalid_argument(what, " has a negative dimension ", dim);
    if (dim > 0 && numel > kMaxElements / dim) {
      return invalid_argument(what, " has more than 2^40 elements");
    }
    numel *= dim;
    shape.push_back(dim);
  }
  return shape;
}

// Copies typed-field values (int32_data, int64_data, float_data) into `out` as elements of type T.
template <typename T, typename Field>
void narrow_copy(const Field& field, uint8_t* out) {
  for (int i = 0; i < field.size(); ++i) {
    T v = static_cast<T>(field.Get(i));
    std::memcpy(out + i * sizeof(T), &v, sizeof(T));
  }
}

Result<ir::ConstantData> typed_field_data(const onnx::TensorProto& tensor, DType dtype,
                                          size_t numel, const std::string& what) {
  int count = 0;
  switch (dtype) {
    case DType::kF32:
      count = tensor.float_data_size();
      break;
    case DType::kI64:
      count = tensor.int64_data_size();
      break;
    default:
      count = tensor.int32_data_size();
      break;
  }
  if (static_cast<size_t>(count) != numel) {
    return data_loss(what, " holds ", count, " values; its shape needs ", numel);
  }
  std::vector<uint8_t> bytes(dtype_storage_bytes(dtype, numel));
  switch (dtype) {
    case DType::kF32:
      narrow_copy<float>(tensor.float_data(), bytes.data());
      break;
    case DType::kI64:
      narrow_copy<int64_t>(tensor.int64_data(), bytes.data());
      break;
    case DType::kI32:
      narrow_copy<int32_t>(tensor.int32_data(), bytes.data());
      break;
    case DType::kF16:  // each int32 holds the fp16 bit pattern
    case DType::kI16:
      narrow_copy<uint16_t>(tensor.int32_data(), bytes.data());
      break;
    case DType::kI8:
    case DType::kU8:
      narrow_copy<uint8_t>(tensor.int32_data(), bytes.data());
      break;
    case DType::kBool:
      narrow_copy<bool>(tensor.int32_data(), bytes.data());
      break;
    default:
      return internal_error(what, ": no typed field for ", dtype_name(dtype));
  }
  return ir::ConstantData::copy_of(bytes.data(), bytes.size());
}

Result<ir::ConstantData> raw_data(const std::string& raw, size_t expected,
                                  const std::string& what) {
  if (raw.size() != expected) {
    return data_loss(what, " has ", raw.size(), " bytes of raw data; its dtype and shape need ",
                     expected);
  }
  return ir::ConstantData::copy_of(raw.data(), raw.size());
}

// Bool tensors hold 0 or 1 per byte inside edgeq; raw and external bytes may hold anything.
ir::ConstantData normalise_bools(const ir::ConstantData& data) {
  std::vector<uint8_t> bytes(data.data(), data.data() + data.size());
  for (uint8_t& b : bytes) b = b != 0 ? 1 : 0;
  return ir::ConstantData::copy_of(bytes.data(), bytes.size());
}

}  // namespace

Result<DType> dtype_from_onnx(int onnx_type, const std::string& what) {
  switch (onnx_type) {
    case onnx::TensorProto::FLOAT:
      return DType::kF32;
    case onnx::TensorProto::FLOAT16:
      return DType::kF16;
    case onnx::TensorProto::INT8:
      return DType::kI8;
    case onnx::TensorProto::UINT8:
      return DType::kU8;
    case onnx::TensorProto::INT16:
      return DType::kI16;
    case onnx::TensorProto::INT32:
      return DType::kI32;
    case onnx::TensorProto::INT64:
      return DType::kI64;
    case onnx::TensorProto::BOOL:
      return DType::kBool;
    default:
      return unimplemented(what, " has ONNX element type ", onnx_type_name(onnx_type), " (",
                           onnx_type, "), which edgeq does not support");
  }
}

Result<ConvertedTensor> convert_tensor(const onnx::TensorProto& tensor,
                                       const std::string& external_data_dir) {
  const std::string what = str_cat("tensor '", tensor.name(), "'");
  ConvertedTensor out;
  EDGEQ_ASSIGN_OR_RETURN(out.dtype, dtype_from_onnx(tensor.data_type(), what));
  EDGEQ_ASSIGN_OR_RETURN(out.shape, tensor_shape(tensor, what));
  if (tensor.has_segment()) return unimplemented(what, " is segmented");
  const size_t numel = static_cast<size_t>(out.shape.numel());
  const size_t expected = dtype_storage_bytes(out.dtype, numel);
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    if (external_data_dir.empty()) {
      return invalid_argument(what, " has external data but the model was not read from a file");
    }
    Result<ir::ConstantData> data = read_external_data(tensor, external_data_dir, expected);
    if (!data.ok()) return data.status().with_context(what);
    out.data = std::move(data).value();
  } else if (tensor.has_raw_data()) {
    EDGEQ_ASSIGN_OR_RETURN(out.data, raw_data(tensor.raw_data(), expected, what));
  } else {
    EDGEQ_ASSIGN_OR_RETURN(out.data, typed_field_data(tensor, out.dtype, numel, what));
  }
  if (out.dtype == DType::kBool) out.data = normalise_bools(out.data);
  return out;
}

}  // namespace edgeq::importer
