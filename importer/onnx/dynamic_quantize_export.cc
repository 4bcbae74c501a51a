// DynamicQuantize -> standard ONNX ops (see node_export.h).
#include <cfloat>
#include <string>
#include <vector>

#include "importer/onnx/node_export.h"

namespace edgeq::importer {
namespace {

void set_int(onnx::NodeProto* node, const std::string& name, int64_t value) {
  onnx::AttributeProto* attr = node->add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::INT);
  attr->set_i(value);
}

// ReduceMin/ReduceMax over all axes (keepdims 0) or the last axis (keepdims 1), with the axes as
// an attribute or an input as the opset wants.
std::string reduce(ExportContext& context, const std::string& op, const std::string& x,
                   bool per_token, const std::string& base) {
  const std::string out = context.fresh_name(base);
  std::vector<std::string> inputs = {x};
  const bool axes_as_input = context.opset() >= 18;
  if (per_token && axes_as_input) {
    inputs.push_back(context.add_int64_initializer(base + "_axes", {-1}));
  }
  onnx::NodeProto* node = context.add_node(op, context.fresh_name(base), inputs, {out});
  set_int(node, "keepdims", per_token ? 1 : 0);
  if (per_token && !axes_as_input) {
    onnx::AttributeProto* axes = node->add_attribute();
    axes->set_name("axes");
    axes->set_type(onnx::AttributeProto::INTS);
    axes->add_ints(-1);
  }
  return out;
}

}  // namespace

Status export_dynamic_quantize(const ir::Node& node, ExportContext& context) {
  EDGEQ_ASSIGN_OR_RETURN(std::string dtype, node.attrs().get_string("dtype", "i8"));
  EDGEQ_ASSIGN_OR_RETURN(std::string granularity,
                         node.attrs().get_string("granularity", "per_tensor"));
  if ((dtype != "i8" && dtype != "u8") ||
      (granularity != "per_tensor" && granularity != "per_token")) {
    return unimplemented("DynamicQuantize with dtype '", dtype, "' and granularity '", granularity,
                         "'");
  }
  if (node.num_outputs() != 3) {
    return invalid_argument("DynamicQuantize needs its 3 outputs, has ", node.num_outputs());
  }
  const bool per_token = granularity == "per_token";
  const bool is_signed = dtype == "i8";
  const std::string base = node.name();
  const std::string x = node.input(0)->name();
  auto binary = [&](const std::string& op, const std::string& a, const std::string& b,
                    const std::string& suffix, const std::string& out = std::string()) {
    const std::string result = out.empty() ? context.fresh_name(base + suffix) : out;
    context.add_node(op, context.fresh_name(base + suffix), {a, b}, {result});
    return result;
  };
  auto unary = [&](const std::string& op, const std::string& a, const std::string& suffix) {
    const std::string result = context.fresh_name(base + suffix);
    context.add_node(op, context.fresh_name(base + suffix), {a}, {result});
    return result;
  };
  const std::string zero = context.add_float_initializer(base + "_zero", 0.0f);
  const std::string qmin = context.add_float_initializer(base + "_qmin", is_signed ? -128 : 0);
  const std::string qmax = context.add_float_initializer(base + "_qmax", is_signed ? 127 : 255);
  const std::string steps = context.add_float_initializer(base + "_steps", 255.0f);
  const std::string epsilon = context.add_float_initializer(base + "_epsilon", FLT_EPSILON);

  const std::string lo =
      binary("Min", reduce(context, "ReduceMin", x, per_token, base + "_min"), zero, "_lo");
  const std::string hi =
      binary("Max", reduce(context, "ReduceMax", x, per_token, base + "_max"), zero, "_hi");
  const std::string raw_scale = binary("Div", binary("Sub", hi, lo, "_range"), steps, "_step");
  const std::string scale = binary("Max", raw_scale, epsilon, "_scale", node.output(1)->name());
  const std::string shifted = binary("Sub", qmin, binary("Div", lo, scale, "_lo_steps"), "_zp_f");
  const std::string zero_point = context.fresh_name(base + "_zp_clipped");
  context.add_node("Clip", context.fresh_name(base + "_zp_clip"),
                   {unary("Round", shifted, "_zp_rounded"), qmin, qmax}, {zero_point});
  const std::string steps_of_x = unary("Round", binary("Div", x, scale, "_x_steps"), "_x_rounded");
  const std::string clipped = context.fresh_name(base + "_q_clipped");
  context.add_node("Clip", context.fresh_name(base + "_q_clip"),
                   {binary("Add", steps_of_x, zero_point, "_q_shifted"), qmin, qmax}, {clipped});
  const int64_t to = is_signed ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8;
  set_int(context.add_node("Cast", context.fresh_name(base + "_y_cast"), {clipped},
                           {node.output(0)->name()}),
          "to", to);
  set_int(context.add_node("Cast", context.fresh_name(base + "_zp_cast"), {zero_point},
                           {node.output(2)->name()}),
          "to", to);
  return Status::Ok();
}

}  // namespace edgeq::importer
