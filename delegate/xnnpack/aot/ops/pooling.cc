// MaxPool (f32, or int8/uint8 with one quantization on both sides), AveragePool (padding excluded
// from the count), GlobalAveragePool, and ReduceMean over H and W (a global average pool, reshaped
// when keepdims is 0).
#include <algorithm>

#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

SupportDecision supports_max_pool(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32_or_quantized(node, {0});
  if (!f32.supported) return f32;
  if (node.num_outputs() != 1) return unsupported(node, "the Indices output is not supported");
  auto order = node.attrs().get_int("storage_order", 0);
  if (!order.ok() || *order != 0) return unsupported(node, "storage_order 1 is not supported");
  const Window2d window = window_2d(node, {});
  if (!window.error.empty()) return unsupported(node, window.error);
  return SupportDecision::yes();
}

SupportDecision supports_average_pool(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32(node, {0});
  if (!f32.supported) return f32;
  const Window2d window = window_2d(node, {});
  if (!window.error.empty()) return unsupported(node, window.error);
  const runtime::WindowGeometry& g = window.geometry;
  const bool padded = g.pad_begin[1] || g.pad_begin[2] || g.pad_end[1] || g.pad_end[2];
  auto include_pad = node.attrs().get_int("count_include_pad", 0);
  if (!include_pad.ok() || (*include_pad != 0 && padded)) {
    return unsupported(node, "count_include_pad with padding (XNNPACK excludes the padding)");
  }
  if (g.dilation[1] != 1 || g.dilation[2] != 1) return unsupported(node, "dilations");
  return SupportDecision::yes();
}

// The axes ReduceMean reduces (attribute, or constant input 1 from opset 18); false if unknown.
bool reduce_axes(const ir::Node& node, std::vector<int64_t>* axes) {
  if (const ir::Value* input = node.input(1)) {
    if (!input->is_constant() || input->dtype() != DType::kI64) return false;
    const auto* data = input->constant()->data_as<int64_t>();
    axes->assign(data, data + input->shape().numel());
    return true;
  }
  auto attr = node.attrs().get_ints("axes");
  if (!attr.ok()) return false;
  *axes = *attr;
  return true;
}

SupportDecision supports_global_pool(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32(node, {0});
  if (!f32.supported) return f32;
  if (node.input(0)->shape().rank() != 4) return unsupported(node, "input must be 4-D");
  if (node.op() == OpType::kReduceMean) {
    std::vector<int64_t> axes;
    if (!reduce_axes(node, &axes)) return unsupported(node, "axes must be constant");
    for (int64_t& axis : axes) axis = axis < 0 ? axis + 4 : axis;
    std::sort(axes.begin(), axes.end());
    if (axes != std::vector<int64_t>{2, 3}) {
      return unsupported(node, "only the mean over H and W (axes 2, 3) is delegated");
    }
  }
  return SupportDecision::yes();
}

Status lower_window_pool(LoweringContext& context, const ir::Node& node) {
  const Window2d window = window_2d(node, {});
  if (!window.error.empty()) return invalid_argument(window.error);
  const bool max_pool = node.op() == OpType::kMaxPool;
  PayloadNode payload_node;
  payload_node.kind =
      max_pool ? schema::NodeKind::MaxPooling2d : schema::NodeKind::AveragePooling2d;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  payload_node.inputs = {input};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.int_params = window_params(window.geometry, /*with_dilation=*/max_pool);
  payload_node.float_params = {kNoMin, kNoMax};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/true);
  return Status::Ok();
}

Status lower_global_pool(LoweringContext& context, const ir::Node& node) {
  const ir::Value& input = *node.input(0);
  const ir::Value& output = *node.output(0);
  PayloadNode pool;
  pool.kind = schema::NodeKind::GlobalAveragePooling2d;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input_id, context.value_id(&input));
  pool.inputs = {input_id};
  pool.float_params = {kNoMin, kNoMax};
  if (output.shape().rank() == 4) {
    pool.outputs = {context.define_output(&output)};
    context.add_node(node, std::move(pool), /*has_output_range=*/true);
    return Status::Ok();
  }
  // keepdims = 0: pool into [N, 1, 1, C], then reshape to [N, C] (same element order).
  const Shape& shape = input.shape();
  const uint32_t pooled = context.define_internal(
      {static_cast<uint32_t>(shape[0]), 1, 1, static_cast<uint32_t>(shape[1])},
      input.has_symbolic_batch());
  pool.outputs = {pooled};
  context.add_node(node, std::move(pool), /*has_output_range=*/false);
  PayloadNode reshape;
  reshape.kind = schema::NodeKind::StaticReshape;
  reshape.inputs = {pooled};
  reshape.outputs = {context.define_output(&output)};
  context.add_node(node, std::move(reshape), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> pooling_ops() {
  return {{OpType::kMaxPool, supports_max_pool, lower_window_pool},
          {OpType::kAveragePool, supports_average_pool, lower_window_pool},
          {OpType::kGlobalAveragePool, supports_global_pool, lower_global_pool},
          {OpType::kReduceMean, supports_global_pool, lower_global_pool}};
}

}  // namespace edgeq::xnnpack
