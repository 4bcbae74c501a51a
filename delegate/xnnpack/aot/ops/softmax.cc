// Softmax: XNNPACK normalises along the last dim of its value, so the ONNX op is delegated only
// when it normalises exactly that axis: the last axis of a value that keeps its layout, or the
// channel axis (NCHW axis 1 = the last NHWC axis) of a 4-D value inside the delegate. Opset < 13
// (coerce_2d) flattens every dim from `axis` into one row, which matches only when those dims hold
// the last XNNPACK axis alone.
#include "delegate/xnnpack/aot/ops/unary_util.h"
#include "runtime/kernels/softmax_common.h"

namespace edgeq::xnnpack {
namespace {

// How XNNPACK splits a value of IR shape `shape` for softmax, as [outer, n, inner] of the IR
// tensor: rows of its last XNNPACK dim.
runtime::SoftmaxSplit xnnpack_split(const Shape& shape, bool channels_last) {
  runtime::SoftmaxSplit split;
  const int rank = shape.rank();
  const int channel_axis = channels_last ? 1 : rank - 1;
  for (int d = 0; d < rank; ++d) {
    if (d < channel_axis) split.outer *= shape[d];
    if (d == channel_axis) split.n = shape[d];
    if (d > channel_axis) split.inner *= shape[d];
  }
  return split;
}

SupportDecision supports_softmax(const ir::Graph&, const ir::Node& node) {
  SupportDecision input_check = require_f32_activation_input(node);
  if (!input_check.supported) return input_check;
  const ir::Value& input = *node.input(0);
  auto onnx = runtime::softmax_split(node.op(), node.attrs(), input.shape());
  if (!onnx.ok()) return unsupported(node, onnx.status().message());
  const bool channels_last = is_channels_last(input);
  const runtime::SoftmaxSplit xnn = xnnpack_split(input.shape(), channels_last);
  if (onnx->outer == xnn.outer && onnx->n == xnn.n && onnx->inner == xnn.inner) {
    return SupportDecision::yes();
  }
  // softmax_split read both attributes successfully.
  const bool coerce_2d = *node.attrs().get_int("coerce_2d", 0) != 0;
  const int64_t axis = *node.attrs().get_int("axis", coerce_2d ? 1 : -1);
  return unsupported(
      node, "axis ", axis, coerce_2d ? " (opset < 13: dims flattened from it)" : "", " of shape ",
      input.shape().to_string(), " normalises rows of ", onnx->n,
      " elements; XNNPACK normalises only the ",
      channels_last ? "channel axis (axis 1: 4-D values are NHWC in the delegate)" : "last axis");
}

Status lower_softmax(LoweringContext& context, const ir::Node& node) {
  return lower_unary_node(context, node, schema::NodeKind::Softmax, {});
}

}  // namespace

std::vector<OpLowering> softmax_ops() {
  return {{OpType::kSoftmax, supports_softmax, lower_softmax}};
}

}  // namespace edgeq::xnnpack
