// QuantizeLinear (f32 -> int8/uint8) and DequantizeLinear (int8/uint8 -> f32) of run-time values
// with per-tensor constant parameters, as XNNPACK Convert nodes: a boundary Q/DQ of a quantized
// region runs inside the partition, and int8 values cross partition boundaries. Constant inputs
// (weights) are left to the lowering of their consumer or to constant folding.
#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

std::string convert_error(const ir::Node& node) {
  const bool quantize = node.op() == OpType::kQuantizeLinear;
  const ir::Value* x = node.input(0);
  const ir::Value* y = node.output(0);
  if (x->is_constant()) return "constant input (left to constant folding)";
  const ir::Value* quantized = quantize ? y : x;
  const ir::Value* real = quantize ? x : y;
  if (real->dtype() != DType::kF32) {
    return str_cat("'", real->name(), "' is ", dtype_name(real->dtype()),
                   " (XNNPACK converts f32)");
  }
  if (!is_quantized_8bit(quantized->dtype())) {
    return str_cat("'", quantized->name(), "' is ", dtype_name(quantized->dtype()),
                   " (XNNPACK 2022 converts int8 and uint8)");
  }
  auto block_size = node.attrs().get_int("block_size", 0);
  if (!block_size.ok() || *block_size != 0) return "blocked quantization";
  if (node.input(1)->shape().numel() != 1) {
    return "per-axis parameters (XNNPACK 2022 converts per tensor)";
  }
  auto params = value_quantization(*quantized);
  return params.ok() ? "" : params.status().message();
}

SupportDecision supports_convert(const ir::Graph&, const ir::Node& node) {
  const std::string error = convert_error(node);
  if (!error.empty()) return unsupported(node, error);
  return SupportDecision::yes();
}

Status lower_convert(LoweringContext& context, const ir::Node& node) {
  const std::string error = convert_error(node);
  if (!error.empty()) return invalid_argument(error);
  PayloadNode convert;
  convert.kind = schema::NodeKind::Convert;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  convert.inputs = {input};
  convert.outputs = {context.define_output(node.output(0))};
  context.add_node(node, std::move(convert), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> quantize_convert_ops() {
  return {{OpType::kQuantizeLinear, supports_convert, lower_convert},
          {OpType::kDequantizeLinear, supports_convert, lower_convert}};
}

}  // namespace edgeq::xnnpack
