// Conv (2-D): regular and grouped convolution (weights OIHW -> OHWI) and depthwise convolution
// (group == input channels, weights -> 1HWO).
#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

enum class ConvKind { kRegular, kDepthwise };

ConvKind conv_kind(const ir::Node& node, int64_t groups) {
  const int64_t input_channels = node.input(0)->shape()[1];
  const bool depthwise = groups > 1 && groups == input_channels && node.input(1)->shape()[1] == 1;
  return depthwise ? ConvKind::kDepthwise : ConvKind::kRegular;
}

SupportDecision supports_conv(const ir::Graph&, const ir::Node& node) {
  SupportDecision operands = require_conv_operands(node);
  if (!operands.supported) return operands;
  const ir::Value* weights = node.input(1);
  const Window2d window = window_2d(node, {weights->shape()[2], weights->shape()[3]});
  if (!window.error.empty()) return unsupported(node, window.error);
  auto groups = node.attrs().get_int("group", 1);
  if (!groups.ok()) return unsupported(node, groups.status().message());
  const int64_t input_channels = node.input(0)->shape()[1];
  const int64_t output_channels = weights->shape()[0];
  if (*groups < 1 || input_channels % *groups != 0 || output_channels % *groups != 0 ||
      weights->shape()[1] != input_channels / *groups) {
    return unsupported(node, "group ", *groups, " does not divide the ", input_channels,
                       " input and ", output_channels, " output channels");
  }
  return SupportDecision::yes();
}

// OIHW -> OHWI (regular, grouped) or -> 1HWO (depthwise: I is 1).
std::vector<float> relayout_weights(const ir::Value& weights, ConvKind kind) {
  const std::vector<float> oihw = constant_floats(weights);
  const int64_t O = weights.shape()[0], I = weights.shape()[1];
  const int64_t H = weights.shape()[2], W = weights.shape()[3];
  std::vector<float> out(oihw.size());
  for (int64_t o = 0; o < O; ++o) {
    for (int64_t i = 0; i < I; ++i) {
      for (int64_t h = 0; h < H; ++h) {
        for (int64_t w = 0; w < W; ++w) {
          const float v = oihw[((o * I + i) * H + h) * W + w];
          if (kind == ConvKind::kDepthwise) {
            out[(h * W + w) * O + o] = v;
          } else {
            out[((o * H + h) * W + w) * I + i] = v;
          }
        }
      }
    }
  }
  return out;
}

Status lower_conv(LoweringContext& context, const ir::Node& node) {
  const ir::Value& weights = *node.input(1);
  const int64_t groups = node.attrs().get_int("group", 1).value();
  const ConvKind kind = conv_kind(node, groups);
  const Window2d window = window_2d(node, {weights.shape()[2], weights.shape()[3]});
  if (!window.error.empty()) return invalid_argument(window.error);

  const uint32_t O = weights.shape()[0], I = weights.shape()[1];
  const uint32_t H = weights.shape()[2], W = weights.shape()[3];
  const std::vector<uint32_t> filter_dims = kind == ConvKind::kDepthwise
                                                ? std::vector<uint32_t>{1, H, W, O}
                                                : std::vector<uint32_t>{O, H, W, I};
  PayloadNode payload_node;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  const uint32_t filter = context.define_constant(filter_dims, relayout_weights(weights, kind));
  uint32_t bias = kNoValue;
  if (node.input(2) != nullptr) {
    EDGEQ_ASSIGN_OR_RETURN(bias, context.value_id(node.input(2)));
  }
  payload_node.inputs = {input, filter, bias};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.int_params = window_params(window.geometry, /*with_dilation=*/true);
  const int64_t input_channels = node.input(0)->shape()[1];
  if (kind == ConvKind::kDepthwise) {
    payload_node.kind = schema::NodeKind::DepthwiseConvolution2d;
    payload_node.int_params.insert(payload_node.int_params.end(),
                                   {O / input_channels, input_channels});
  } else {
    payload_node.kind = schema::NodeKind::Convolution2d;
    payload_node.int_params.insert(payload_node.int_params.end(),
                                   {groups, input_channels / groups, O / groups});
  }
  payload_node.float_params = {kNoMin, kNoMax};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/true);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> conv_ops() { return {{OpType::kConv, supports_conv, lower_conv}}; }

}  // namespace edgeq::xnnpack
