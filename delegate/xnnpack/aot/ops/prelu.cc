// PRelu: XNNPACK's slope is a constant with one value per channel, the last XNNPACK dim (NCHW axis
// 1 of a 4-D value inside the delegate, else the last axis). An ONNX slope is delegated when it is
// constant and varies along that axis only (a scalar slope is repeated per channel).
#include "delegate/xnnpack/aot/ops/unary_util.h"

namespace edgeq::xnnpack {
namespace {

// The IR axis XNNPACK treats as channels for `input`.
int channel_axis(const ir::Value& input) {
  return is_channels_last(input) ? 1 : input.shape().rank() - 1;
}

SupportDecision supports_prelu(const ir::Graph&, const ir::Node& node) {
  SupportDecision input_check = require_f32_activation_input(node, {1});
  if (!input_check.supported) return input_check;
  const ir::Value& input = *node.input(0);
  const ir::Value& slope = *node.input(1);
  if (!slope.is_constant()) return unsupported(node, "slope must be a constant");
  const int rank = input.shape().rank();
  if (rank == 0) return unsupported(node, "0-D input (XNNPACK needs a channel dim)");
  if (slope.shape().rank() > rank) {
    return unsupported(node, "slope rank ", slope.shape().rank(), " exceeds input rank ", rank);
  }
  const int channels_at = channel_axis(input);
  const int offset = rank - slope.shape().rank();  // slope dims align right
  for (int d = 0; d < slope.shape().rank(); ++d) {
    const int64_t dim = slope.shape()[d];
    const bool channel = d + offset == channels_at;
    if (dim != 1 && !(channel && dim == input.shape()[channels_at])) {
      return unsupported(node, "slope shape ", slope.shape().to_string(), " varies along axis ",
                         d + offset, " of input ", input.shape().to_string(),
                         "; XNNPACK takes one slope per channel (axis ", channels_at, ")");
    }
  }
  return SupportDecision::yes();
}

Status lower_prelu(LoweringContext& context, const ir::Node& node) {
  const ir::Value& input = *node.input(0);
  const int64_t channels = input.shape()[channel_axis(input)];
  std::vector<float> slope = constant_floats(*node.input(1));
  // Only the channel axis varies, so the slope's elements are already in channel order.
  if (slope.size() == 1) slope.assign(static_cast<size_t>(channels), slope[0]);
  if (static_cast<int64_t>(slope.size()) != channels) {
    return invalid_argument("PRelu: slope has ", slope.size(), " values for ", channels,
                            " channels");
  }
  const uint32_t slope_id = context.define_constant({static_cast<uint32_t>(channels)}, slope);
  return lower_unary_node(context, node, schema::NodeKind::PRelu, {}, {slope_id});
}

}  // namespace

std::vector<OpLowering> prelu_ops() { return {{OpType::kPRelu, supports_prelu, lower_prelu}}; }

}  // namespace edgeq::xnnpack
