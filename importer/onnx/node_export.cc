#include "importer/onnx/node_export.h"

#include <cstring>
#include <variant>

#include "importer/onnx/tensor_export.h"

namespace edgeq::importer {
namespace {

// Attributes ONNX keeps as a constant input from some opset on: (op, attribute, that opset).
struct AxesForm {
  OpType op;
  const char* name;
  int64_t input_from_opset;
};
constexpr AxesForm kAxesForms[] = {
    {OpType::kSqueeze, "axes", 13},         {OpType::kUnsqueeze, "axes", 13},
    {OpType::kSplit, "split", 13},          {OpType::kReduceSum, "axes", 13},
    {OpType::kReduceMean, "axes", 18},      {OpType::kReduceMax, "axes", 18},
    {OpType::kReduceMin, "axes", 18},       {OpType::kReduceL1, "axes", 18},
    {OpType::kReduceL2, "axes", 18},        {OpType::kReduceLogSum, "axes", 18},
    {OpType::kReduceLogSumExp, "axes", 18}, {OpType::kReduceProd, "axes", 18},
    {OpType::kReduceSumSquare, "axes", 18},
};

const AxesForm* axes_form_of(OpType op) {
  for (const AxesForm& form : kAxesForms) {
    if (form.op == op) return &form;
  }
  return nullptr;
}

void set_plain_attribute(const std::string& name, const AttrValue& value,
                         onnx::AttributeProto* attr) {
  attr->set_name(name);
  if (const auto* i = std::get_if<int64_t>(&value)) {
    attr->set_type(onnx::AttributeProto::INT);
    attr->set_i(*i);
  } else if (const auto* f = std::get_if<float>(&value)) {
    attr->set_type(onnx::AttributeProto::FLOAT);
    attr->set_f(*f);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    attr->set_type(onnx::AttributeProto::STRING);
    attr->set_s(*s);
  } else if (const auto* is = std::get_if<std::vector<int64_t>>(&value)) {
    attr->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : *is) attr->add_ints(v);
  } else {
    attr->set_type(onnx::AttributeProto::FLOATS);
    for (float v : std::get<std::vector<float>>(value)) attr->add_floats(v);
  }
}

Result<DType> dtype_attribute(const Attributes& attrs, const std::string& name,
                              const std::string& fallback) {
  EDGEQ_ASSIGN_OR_RETURN(std::string text, attrs.get_string(name, fallback));
  DType dtype;
  if (!dtype_from_name(text, &dtype)) {
    return invalid_argument("attribute '", name, "' names no dtype: '", text, "'");
  }
  return dtype;
}

// Cast `to`: the edgeq dtype name back to the ONNX element type.
Status export_cast_to(const Attributes& attrs, onnx::AttributeProto* attr) {
  EDGEQ_ASSIGN_OR_RETURN(DType dtype, dtype_attribute(attrs, "to", ""));
  EDGEQ_ASSIGN_OR_RETURN(int type, onnx_type_of(dtype, "Cast 'to'"));
  attr->set_name("to");
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(type);
  return Status::Ok();
}

template <typename T>
std::vector<uint8_t> bytes_of(T value) {
  std::vector<uint8_t> bytes(sizeof(T));
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

// ConstantOfShape `dtype` + `value` -> the one-element tensor attribute `value`.
Status export_fill_value(const Attributes& attrs, onnx::AttributeProto* attr) {
  EDGEQ_ASSIGN_OR_RETURN(DType dtype, dtype_attribute(attrs, "dtype", "f32"));
  std::vector<uint8_t> bytes;
  if (dtype == DType::kF32 || dtype == DType::kF16) {
    EDGEQ_ASSIGN_OR_RETURN(float v, attrs.get_float("value", 0.0f));
    bytes = dtype == DType::kF32 ? bytes_of(v) : bytes_of(float_to_half(v));
  } else {
    EDGEQ_ASSIGN_OR_RETURN(int64_t v, attrs.get_int("value", 0));
    switch (dtype) {
      case DType::kI8:
        bytes = bytes_of(static_cast<int8_t>(v));
        break;
      case DType::kU8:
      case DType::kBool:
        bytes = bytes_of(static_cast<uint8_t>(v));
        break;
      case DType::kI16:
        bytes = bytes_of(static_cast<int16_t>(v));
        break;
      case DType::kI32:
        bytes = bytes_of(static_cast<int32_t>(v));
        break;
      case DType::kI64:
        bytes = bytes_of(v);
        break;
      default:
        return unimplemented("ConstantOfShape of dtype ", dtype_name(dtype));
    }
  }
  attr->set_name("value");
  attr->set_type(onnx::AttributeProto::TENSOR);
  return fill_tensor_proto("value", dtype, Shape({1}), bytes.data(), bytes.size(),
                           attr->mutable_t());
}

std::vector<std::string> input_names(const ir::Node& node) {
  std::vector<std::string> names;
  for (const ir::Value* v : node.inputs()) names.push_back(v ? v->name() : std::string());
  return names;
}

std::vector<std::string> output_names(const ir::Node& node) {
  std::vector<std::string> names;
  for (const ir::Value* v : node.outputs()) names.push_back(v->name());
  return names;
}

// The int64 values of a constant input, for moving it into an attribute.
Result<std::vector<int64_t>> constant_ints(const ir::Value* value, const std::string& what) {
  if (value == nullptr || !value->is_constant() || value->dtype() != DType::kI64) {
    return unimplemented(what, " must be a constant int64 tensor below opset 18");
  }
  const int64_t* data = value->constant()->data_as<int64_t>();
  return std::vector<int64_t>(data, data + value->shape().numel());
}

// Softmax, LogSoftmax or Hardmax with opset-11 semantics (`coerce_2d` = 1) on a non-last axis:
// Flatten(axis) -> op(axis 1) -> Reshape back to the input's shape.
Status export_coerced_2d(const ir::Node& node, int64_t axis, ExportContext& context) {
  const std::string x = node.input(0)->name();
  const std::string flat = context.fresh_name(x + "_2d");
  const std::string op_type = op_name(node.op());
  auto* flatten =
      context.add_node("Flatten", context.fresh_name(node.name() + "_flatten"), {x}, {flat});
  set_plain_attribute("axis", AttrValue(axis), flatten->add_attribute());
  const std::string flat_out = context.fresh_name(node.output(0)->name() + "_2d");
  auto* op = context.add_node(op_type, node.name(), {flat}, {flat_out});
  set_plain_attribute("axis", AttrValue(int64_t{1}), op->add_attribute());
  const std::string shape = context.fresh_name(x + "_shape");
  context.add_node("Shape", context.fresh_name(node.name() + "_shape"), {x}, {shape});
  context.add_node("Reshape", context.fresh_name(node.name() + "_reshape"), {flat_out, shape},
                   {node.output(0)->name()});
  return Status::Ok();
}

bool is_coercible(OpType op) {
  return op == OpType::kSoftmax || op == OpType::kLogSoftmax || op == OpType::kHardmax;
}

}  // namespace

ExportContext::ExportContext(const ir::Graph& graph, onnx::GraphProto* out, int64_t opset)
    : graph_(graph), out_(out), opset_(opset) {}

std::string ExportContext::fresh_name(const std::string& base) {
  std::string name = base;
  for (int i = 1; graph_.find_value(name) != nullptr || graph_.find_node(name) != nullptr ||
                  made_.count(name) != 0;
       ++i) {
    name = str_cat(base, "_", i);
  }
  made_.insert(name);
  return name;
}

std::string ExportContext::add_int64_initializer(const std::string& base,
                                                 const std::vector<int64_t>& values) {
  std::string name = fresh_name(base);
  fill_int64_tensor(name, values, out_->add_initializer());
  return name;
}

std::string ExportContext::add_float_initializer(const std::string& base, float value) {
  std::string name = fresh_name(base);
  onnx::TensorProto* tensor = out_->add_initializer();
  tensor->set_name(name);
  tensor->set_data_type(onnx::TensorProto::FLOAT);
  tensor->add_float_data(value);
  return name;
}

onnx::NodeProto* ExportContext::add_node(const std::string& op_type, const std::string& name,
                                         const std::vector<std::string>& inputs,
                                         const std::vector<std::string>& outputs) {
  onnx::NodeProto* node = out_->add_node();
  node->set_op_type(op_type);
  node->set_name(name);
  for (const std::string& in : inputs) node->add_input(in);
  for (const std::string& out : outputs) node->add_output(out);
  return node;
}

int64_t op_minimum_opset(OpType op) {
  switch (op) {
    case OpType::kHardSwish:
    case OpType::kTrilu:
      return 14;
    case OpType::kLayerNormalization:
      return 17;
    default:
      return 13;
  }
}

Status export_node(const ir::Node& node, ExportContext& context) {
  if (node.op() == OpType::kDynamicQuantize) return export_dynamic_quantize(node, context);
  Attributes attrs = node.attrs();
  std::vector<std::string> inputs = input_names(node);
  // Axes/split between attribute and input form.
  if (const AxesForm* form = axes_form_of(node.op())) {
    const bool want_input = context.opset() >= form->input_from_opset;
    if (want_input && attrs.has(form->name)) {
      EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> values, attrs.get_ints(form->name));
      attrs.erase(form->name);
      inputs.resize(1);
      inputs.push_back(
          context.add_int64_initializer(str_cat(node.name(), "_", form->name), values));
    } else if (!want_input && inputs.size() > 1 && !inputs[1].empty()) {
      EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> values,
                             constant_ints(node.input(1), str_cat("input '", form->name, "'")));
      attrs.set(form->name, AttrValue(values));
      inputs.resize(1);
    }
  }
  if (is_coercible(node.op())) {
    EDGEQ_ASSIGN_OR_RETURN(int64_t coerce_2d, attrs.get_int("coerce_2d", 0));
    attrs.erase("coerce_2d");
    if (coerce_2d != 0) {
      const int rank = node.input(0)->shape().rank();
      EDGEQ_ASSIGN_OR_RETURN(int64_t axis, attrs.get_int("axis", 1));
      if (axis < 0) axis += rank;
      if (axis != rank - 1) return export_coerced_2d(node, axis, context);
      attrs.set("axis", AttrValue(axis));
    }
  }
  onnx::NodeProto* proto =
      context.add_node(op_name(node.op()), node.name(), inputs, output_names(node));
  for (const auto& [name, value] : attrs.items()) {
    onnx::AttributeProto* attr = proto->add_attribute();
    if (node.op() == OpType::kCast && name == "to") {
      EDGEQ_RETURN_IF_ERROR(export_cast_to(attrs, attr));
    } else if (node.op() == OpType::kConstantOfShape && name == "value") {
      EDGEQ_RETURN_IF_ERROR(export_fill_value(attrs, attr));
    } else if (node.op() == OpType::kConstantOfShape && name == "dtype") {
      proto->mutable_attribute()->RemoveLast();  // folded into `value`
    } else {
      set_plain_attribute(name, value, attr);
    }
  }
  // A ConstantOfShape with a non-f32 dtype but no explicit value still needs its element type.
  if (node.op() == OpType::kConstantOfShape && !attrs.has("value") && attrs.has("dtype")) {
    EDGEQ_RETURN_IF_ERROR(export_fill_value(attrs, proto->add_attribute()));
  }
  return Status::Ok();
}

}  // namespace edgeq::importer
