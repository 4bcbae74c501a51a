#include "importer/onnx/attribute_conversion.h"

#include <cstring>
#include <string>
#include <vector>

#include "importer/onnx/tensor_conversion.h"

namespace edgeq::importer {
namespace {

Result<AttrValue> plain_value(const onnx::AttributeProto& attr) {
  switch (attr.type()) {
    case onnx::AttributeProto::INT:
      return AttrValue(attr.i());
    case onnx::AttributeProto::FLOAT:
      return AttrValue(attr.f());
    case onnx::AttributeProto::STRING:
      return AttrValue(attr.s());
    case onnx::AttributeProto::INTS:
      return AttrValue(std::vector<int64_t>(attr.ints().begin(), attr.ints().end()));
    case onnx::AttributeProto::FLOATS:
      return AttrValue(std::vector<float>(attr.floats().begin(), attr.floats().end()));
    default:
      return unimplemented("attribute '", attr.name(), "' has type ",
                           onnx::AttributeProto_AttributeType_Name(attr.type()),
                           ", which this op does not take in edgeq");
  }
}

// Cast's `to` (an ONNX element type number) becomes the edgeq dtype name.
Status convert_cast_to(const onnx::AttributeProto& attr, Attributes* out) {
  if (attr.type() != onnx::AttributeProto::INT) {
    return invalid_argument("attribute 'to' must be an int");
  }
  EDGEQ_ASSIGN_OR_RETURN(DType dtype, dtype_from_onnx(static_cast<int>(attr.i()), "Cast 'to'"));
  out->set("to", std::string(dtype_name(dtype)));
  return Status::Ok();
}

// ConstantOfShape's one-element tensor `value` becomes `dtype` (an edgeq dtype name) and `value`
// (a float for f32/f16, an int for the integer and bool dtypes).
Status convert_fill_value(const onnx::AttributeProto& attr, Attributes* out) {
  if (attr.type() != onnx::AttributeProto::TENSOR) {
    return invalid_argument("attribute 'value' must be a tensor");
  }
  Result<ConvertedTensor> converted = convert_tensor(attr.t(), std::string());
  if (!converted.ok()) return converted.status().with_context("attribute 'value'");
  const ConvertedTensor& tensor = converted.value();
  if (tensor.shape.numel() != 1) {
    return invalid_argument("attribute 'value' must hold one element, not ", tensor.shape.numel());
  }
  out->set("dtype", std::string(dtype_name(tensor.dtype)));
  const uint8_t* p = tensor.data.data();
  switch (tensor.dtype) {
    case DType::kF32: {
      float v;
      std::memcpy(&v, p, sizeof(v));
      out->set("value", v);
      break;
    }
    case DType::kF16: {
      uint16_t bits;
      std::memcpy(&bits, p, sizeof(bits));
      out->set("value", half_to_float(bits));
      break;
    }
    case DType::kI8:
      out->set("value", int64_t{static_cast<int8_t>(p[0])});
      break;
    case DType::kU8:
    case DType::kBool:
      out->set("value", int64_t{p[0]});
      break;
    case DType::kI16: {
      int16_t v;
      std::memcpy(&v, p, sizeof(v));
      out->set("value", int64_t{v});
      break;
    }
    case DType::kI32: {
      int32_t v;
      std::memcpy(&v, p, sizeof(v));
      out->set("value", int64_t{v});
      break;
    }
    case DType::kI64: {
      int64_t v;
      std::memcpy(&v, p, sizeof(v));
      out->set("value", v);
      break;
    }
    default:
      return unimplemented("attribute 'value' has dtype ", dtype_name(tensor.dtype));
  }
  return Status::Ok();
}

Status convert_one(const onnx::AttributeProto& attr, OpType op, Attributes* out) {
  if (!attr.ref_attr_name().empty()) {
    return unimplemented("attribute '", attr.name(), "' refers to a function attribute");
  }
  if (op == OpType::kCast && attr.name() == "to") return convert_cast_to(attr, out);
  if (op == OpType::kConstantOfShape && attr.name() == "value") {
    return convert_fill_value(attr, out);
  }
  EDGEQ_ASSIGN_OR_RETURN(AttrValue value, plain_value(attr));
  out->set(attr.name(), std::move(value));
  return Status::Ok();
}

}  // namespace

Result<Attributes> convert_attributes(const onnx::NodeProto& node, OpType op, int64_t opset) {
  Attributes out;
  for (const onnx::AttributeProto& attr : node.attribute()) {
    EDGEQ_RETURN_IF_ERROR(convert_one(attr, op, &out));
  }
  if ((op == OpType::kSoftmax || op == OpType::kLogSoftmax) && opset < 13) {
    out.set("coerce_2d", int64_t{1});
  }
  return out;
}

}  // namespace edgeq::importer
