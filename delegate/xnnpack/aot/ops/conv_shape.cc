#include "delegate/xnnpack/aot/ops/conv_shape.h"

namespace edgeq::xnnpack {

ConvShape conv_shape(const ir::Node& node, int weights_index) {
  ConvShape conv;
  const Shape& weights = node.input(weights_index)->shape();
  conv.kernel_h = weights[2];
  conv.kernel_w = weights[3];
  conv.window = window_2d(node, {conv.kernel_h, conv.kernel_w});
  if (!conv.window.error.empty()) {
    conv.error = conv.window.error;
    return conv;
  }
  auto groups = node.attrs().get_int("group", 1);
  if (!groups.ok()) {
    conv.error = groups.status().message();
    return conv;
  }
  conv.groups = *groups;
  conv.in_channels = node.input(0)->shape()[1];
  conv.out_channels = weights[0];
  if (conv.groups < 1 || conv.in_channels % conv.groups != 0 ||
      conv.out_channels % conv.groups != 0 || weights[1] != conv.in_channels / conv.groups) {
    conv.error = str_cat("group ", conv.groups, " does not divide the ", conv.in_channels,
                         " input and ", conv.out_channels, " output channels");
    return conv;
  }
  conv.depthwise = conv.groups > 1 && conv.groups == conv.in_channels && weights[1] == 1;
  return conv;
}

std::vector<uint32_t> filter_dims(const ConvShape& conv) {
  const auto O = static_cast<uint32_t>(conv.out_channels);
  const auto H = static_cast<uint32_t>(conv.kernel_h), W = static_cast<uint32_t>(conv.kernel_w);
  if (conv.depthwise) return {1, H, W, O};
  return {O, H, W, static_cast<uint32_t>(conv.in_channels / conv.groups)};
}

void set_conv_params(const ConvShape& conv, PayloadNode* node) {
  node->int_params = window_params(conv.window.geometry, /*with_dilation=*/true);
  if (conv.depthwise) {
    node->kind = schema::NodeKind::DepthwiseConvolution2d;
    node->int_params.insert(node->int_params.end(),
                            {conv.out_channels / conv.in_channels, conv.in_channels});
  } else {
    node->kind = schema::NodeKind::Convolution2d;
    node->int_params.insert(node->int_params.end(), {conv.groups, conv.in_channels / conv.groups,
                                                     conv.out_channels / conv.groups});
  }
}

}  // namespace edgeq::xnnpack
