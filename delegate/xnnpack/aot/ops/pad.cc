// Pad in constant mode as XNNPACK's static constant pad. The pads come from the attribute (opset <
// 11) or the constant `pads` input (optionally limited to the constant opset-18 `axes`); the value
// from the `value` attribute or the constant `constant_value` input. A 4-D input is NHWC inside
// the partition, so its NCHW pads are re-ordered to N, H, W, C. On int8/uint8 (one quantization on
// both sides) the pad code (constant_value, default 0) is passed as the float XNNPACK quantizes
// back to exactly that code.
#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

// XNNPACK's XNN_MAX_TENSOR_DIMS: the payload node holds this many pre and post paddings.
constexpr int kMaxDims = 6;

// A constant i64 or i32 tensor's elements; false when `value` is not such a constant.
bool constant_ints(const ir::Value* value, std::vector<int64_t>* out) {
  if (value == nullptr || !value->is_constant()) return false;
  const int64_t count = value->shape().numel();
  out->clear();
  for (int64_t i = 0; i < count; ++i) {
    if (value->dtype() == DType::kI64) {
      out->push_back(value->constant()->data_as<int64_t>()[i]);
    } else if (value->dtype() == DType::kI32) {
      out->push_back(value->constant()->data_as<int32_t>()[i]);
    } else {
      return false;
    }
  }
  return true;
}

// The padding of every dim (ONNX order), or the reason it cannot be delegated.
struct PadSpec {
  std::vector<int64_t> begin, end;
  float value = 0.f;
  std::string error;
};

// The float XNNPACK quantizes to the pad code of an int8/uint8 Pad (constant_value, default 0).
Result<float> quantized_pad_value(const ir::Node& node) {
  EDGEQ_ASSIGN_OR_RETURN(QuantParams params, value_quantization(*node.input(0)));
  const ir::Value* constant = node.input(2);
  int32_t code = 0;
  if (constant != nullptr && constant->shape().numel() != 0) {
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int32_t> codes,
                           constant_zero_points(node, 2, params.dtype, 1));
    code = codes[0];
  }
  return float_for_code(params, code);
}

PadSpec pad_spec(const ir::Node& node) {
  PadSpec spec;
  const int rank = node.input(0)->shape().rank();
  std::vector<int64_t> pads;
  std::vector<int64_t> axes;
  if (node.attrs().has("pads")) {
    auto attr = node.attrs().get_ints("pads");
    if (!attr.ok()) {
      spec.error = attr.status().message();
      return spec;
    }
    pads = *attr;
  } else if (!constant_ints(node.input(1), &pads)) {
    spec.error = "pads must be a constant i64 input or the attribute";
    return spec;
  }
  if (node.input(3) != nullptr && !constant_ints(node.input(3), &axes)) {
    spec.error = "axes must be a constant i64 input";
    return spec;
  }
  if (axes.empty()) {
    for (int d = 0; d < rank; ++d) axes.push_back(d);
  }
  if (pads.size() != 2 * axes.size()) {
    spec.error = str_cat(pads.size(), " pads for ", axes.size(), " axes");
    return spec;
  }
  spec.begin.assign(rank, 0);
  spec.end.assign(rank, 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank) {
      spec.error = str_cat("axis ", axes[i], " is out of range");
      return spec;
    }
    if (pads[i] < 0 || pads[axes.size() + i] < 0) {
      spec.error = "negative pads (cropping) are not supported";
      return spec;
    }
    spec.begin[axis] = pads[i];
    spec.end[axis] = pads[axes.size() + i];
  }
  const ir::Value* constant = node.input(2);
  if (is_quantized_8bit(node.input(0)->dtype())) {
    auto value = quantized_pad_value(node);
    if (!value.ok()) {
      spec.error = str_cat("pad value: ", value.status().message());
      return spec;
    }
    spec.value = *value;
  } else if (constant != nullptr && constant->shape().numel() != 0) {
    if (!constant->is_constant() || constant->shape().numel() != 1) {
      spec.error = "constant_value must be a constant scalar";
      return spec;
    }
    spec.value = constant_floats(*constant)[0];
  } else {
    auto value = node.attrs().get_float("value", 0.f);
    if (!value.ok()) {
      spec.error = value.status().message();
      return spec;
    }
    spec.value = *value;
  }
  return spec;
}

SupportDecision supports_pad(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32_or_quantized(node, {0, 2});
  if (!f32.supported) return f32;
  auto mode = node.attrs().get_string("mode", "constant");
  if (!mode.ok()) return unsupported(node, mode.status().message());
  if (*mode != "constant") {
    return unsupported(node, "mode '", *mode, "' (XNNPACK pads with a constant only)");
  }
  const ir::Value& input = *node.input(0);
  if (input.is_constant()) return unsupported(node, "constant input (left to constant folding)");
  if (input.shape().rank() < 1 || input.shape().rank() > kMaxDims) {
    return unsupported(node, "input rank ", input.shape().rank(), " (XNNPACK: 1 to ", kMaxDims,
                       ")");
  }
  const PadSpec spec = pad_spec(node);
  if (!spec.error.empty()) return unsupported(node, spec.error);
  if (input.has_symbolic_batch() && (spec.begin[0] != 0 || spec.end[0] != 0)) {
    return unsupported(node, "pads the symbolic batch dim");
  }
  return SupportDecision::yes();
}

Status lower_pad(LoweringContext& context, const ir::Node& node) {
  const PadSpec spec = pad_spec(node);
  if (!spec.error.empty()) return invalid_argument(spec.error);
  const ir::Value& input = *node.input(0);
  // XNNPACK dim d reads ONNX dim order[d].
  std::vector<int> order;
  for (int d = 0; d < input.shape().rank(); ++d) order.push_back(d);
  if (is_channels_last(input)) order = {0, 2, 3, 1};
  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::StaticConstantPad;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input_id, context.value_id(&input));
  payload_node.inputs = {input_id};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.int_params.assign(2 * kMaxDims, 0);
  for (size_t d = 0; d < order.size(); ++d) {
    payload_node.int_params[d] = spec.begin[order[d]];
    payload_node.int_params[kMaxDims + d] = spec.end[order[d]];
  }
  payload_node.float_params = {spec.value};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> pad_ops() { return {{OpType::kPad, supports_pad, lower_pad}}; }

}  // namespace edgeq::xnnpack
