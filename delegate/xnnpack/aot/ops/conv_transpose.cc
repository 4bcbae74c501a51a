// ConvTranspose (2-D) as XNNPACK deconvolution: groups, strides, dilations, pads (explicit,
// auto_pad or from output_shape) and output_padding below the stride (XNNPACK's adjustment).
// Weights [C, M / group, kH, kW] are re-laid per group to XNNPACK's [M, kH, kW, C / group].
#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

// The deconvolution geometry of a 2-D ConvTranspose (canonical 3-D form: H is index 1, W index 2;
// `geometry.input` is the transposed conv's output) and XNNPACK's adjustment per spatial dim.
struct Deconvolution2d {
  runtime::WindowGeometry geometry;
  int64_t adjustment[2] = {0, 0};
  std::string error;  // non-empty when XNNPACK cannot run it
};

Deconvolution2d deconvolution_2d(const ir::Node& node) {
  Deconvolution2d deconv;
  const ir::Value& input = *node.input(0);
  const ir::Value& weights = *node.input(1);
  if (input.shape().rank() != 4) {
    deconv.error = str_cat("input rank ", input.shape().rank(), " (only 2-D is delegated)");
    return deconv;
  }
  const std::vector<int64_t> kernel = {weights.shape()[2], weights.shape()[3]};
  auto window = runtime::parse_window_attributes(node.attrs());
  if (!window.ok()) {
    deconv.error = window.status().message();
    return deconv;
  }
  if (!window->kernel_shape.empty() && window->kernel_shape != kernel) {
    deconv.error = str_cat("kernel_shape does not match the weights ", weights.shape().to_string());
    return deconv;
  }
  auto geometry = runtime::transposed_window_geometry(node.attrs(), *window, input.shape(), kernel);
  if (!geometry.ok()) {
    deconv.error = geometry.status().message();
    return deconv;
  }
  deconv.geometry = *geometry;
  const runtime::WindowGeometry& g = deconv.geometry;
  for (int d = 1; d < 3; ++d) {
    if (g.pad_begin[d] < 0 || g.pad_end[d] < 0) {
      deconv.error = "negative padding (output_shape larger than the full transposed output)";
      return deconv;
    }
    // XNNPACK's output: stride * (in - 1) + adjustment + dilated kernel - pads.
    const int64_t adjustment = g.input[d] - (g.stride[d] * (g.output[d] - 1) + g.dilated_kernel(d) -
                                             g.pad_begin[d] - g.pad_end[d]);
    if (adjustment < 0 || adjustment >= g.stride[d]) {
      deconv.error = str_cat("output_padding ", adjustment, " is not below the stride ",
                             g.stride[d], " (XNNPACK's limit)");
      return deconv;
    }
    deconv.adjustment[d - 1] = adjustment;
  }
  return deconv;
}

SupportDecision supports_conv_transpose(const ir::Graph&, const ir::Node& node) {
  SupportDecision operands = require_conv_operands(node);
  if (!operands.supported) return operands;
  const ir::Value* weights = node.input(1);
  const Shape& input_shape = node.input(0)->shape();
  if (input_shape.rank() != 4) {
    return unsupported(node, "input rank ", input_shape.rank(), " (only 2-D is delegated)");
  }
  auto groups = node.attrs().get_int("group", 1);
  if (!groups.ok()) return unsupported(node, groups.status().message());
  const int64_t input_channels = input_shape[1];
  if (*groups < 1 || input_channels % *groups != 0 || weights->shape()[0] != input_channels) {
    return unsupported(node, "group ", *groups, " and weights ", weights->shape().to_string(),
                       " do not match the ", input_channels, " input channels");
  }
  const Deconvolution2d deconv = deconvolution_2d(node);
  if (!deconv.error.empty()) return unsupported(node, deconv.error);
  return SupportDecision::yes();
}

// [G * Ig, Og, kH, kW] -> [G * Og, kH, kW, Ig].
std::vector<float> relayout_weights(const ir::Value& weights, int64_t groups) {
  const std::vector<float> source = constant_floats(weights);
  const int64_t Ig = weights.shape()[0] / groups, Og = weights.shape()[1];
  const int64_t H = weights.shape()[2], W = weights.shape()[3];
  std::vector<float> out(source.size());
  for (int64_t g = 0; g < groups; ++g) {
    for (int64_t i = 0; i < Ig; ++i) {
      for (int64_t o = 0; o < Og; ++o) {
        for (int64_t hw = 0; hw < H * W; ++hw) {
          out[((g * Og + o) * H * W + hw) * Ig + i] = source[((g * Ig + i) * Og + o) * H * W + hw];
        }
      }
    }
  }
  return out;
}

Status lower_conv_transpose(LoweringContext& context, const ir::Node& node) {
  const Deconvolution2d deconv = deconvolution_2d(node);
  if (!deconv.error.empty()) return invalid_argument(deconv.error);
  const ir::Value& weights = *node.input(1);
  const int64_t groups = node.attrs().get_int("group", 1).value();
  const uint32_t group_in = weights.shape()[0] / groups, group_out = weights.shape()[1];
  const uint32_t H = weights.shape()[2], W = weights.shape()[3];

  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::Deconvolution2d;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  const uint32_t filter =
      context.define_constant({static_cast<uint32_t>(groups) * group_out, H, W, group_in},
                              relayout_weights(weights, groups));
  uint32_t bias = kNoValue;
  if (node.input(2) != nullptr) {
    EDGEQ_ASSIGN_OR_RETURN(bias, context.value_id(node.input(2)));
  }
  payload_node.inputs = {input, filter, bias};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.int_params = window_params(deconv.geometry, /*with_dilation=*/true);
  payload_node.int_params.insert(
      payload_node.int_params.end(),
      {deconv.adjustment[0], deconv.adjustment[1], groups, group_in, group_out});
  payload_node.float_params = {kNoMin, kNoMax};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/true);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> conv_transpose_ops() {
  return {{OpType::kConvTranspose, supports_conv_transpose, lower_conv_transpose}};
}

}  // namespace edgeq::xnnpack
