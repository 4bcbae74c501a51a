// Convolution family: 2-D convolution, depthwise convolution, fully connected.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {
namespace {

// The filter (input 1) is a constant of `filter_dims`; the bias (input 2) is absent or a constant
// of [channels].
Status check_filter_and_bias(const NodeDefiner& node, const std::vector<size_t>& filter_dims,
                             size_t channels) {
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.input(1), filter_dims, "filter"));
  EDGEQ_RETURN_IF_ERROR(node.expect_constant(node.input(1), "filter"));
  // XNNPACK 2022 logs a qint8 filter's non-zero zero point but then ignores it.
  const schema::Value* filter = node.payload_value(node.input(1));
  if (filter->datatype() == schema::DataType::QInt8 && filter->quantization()->zero_point() != 0) {
    return node.error("a qint8 filter needs zero point 0");
  }
  if (node.input(2) == XNN_INVALID_VALUE_ID) return Status::Ok();
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.input(2), {channels}, "bias"));
  return node.expect_constant(node.input(2), "bias");
}

}  // namespace

// inputs [x (NHWC), filter (OHWI), bias or absent], outputs [y (NHWC)]
// int params [pad_top, pad_right, pad_bottom, pad_left, kernel_h, kernel_w, stride_h, stride_w,
//             dilation_h, dilation_w, groups, group_input_channels, group_output_channels]
// float params [output_min, output_max]
Status define_convolution_2d(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(3, 1, 13, 2));
  const size_t groups = node.uint_param(10), group_in = node.uint_param(11);
  const size_t channels = groups * node.uint_param(12);
  EDGEQ_RETURN_IF_ERROR(check_filter_and_bias(
      node, {channels, node.uint_param(4), node.uint_param(5), group_in}, channels));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<size_t> output,
                         node.window_output_dims(node.input(0), true, channels));
  const std::vector<size_t>& input = node.dims(node.input(0));
  EDGEQ_RETURN_IF_ERROR(
      node.expect_dims(node.input(0), {input[0], input[1], input[2], groups * group_in}, "input"));
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.output(0), output, "output"));
  return node.check(
      xnn_define_convolution_2d(
          node.subgraph(), node.uint_param(0), node.uint_param(1), node.uint_param(2),
          node.uint_param(3), node.uint_param(4), node.uint_param(5), node.uint_param(6),
          node.uint_param(7), node.uint_param(8), node.uint_param(9), node.uint_param(10),
          node.uint_param(11), node.uint_param(12), node.float_param(0), node.float_param(1),
          node.input(0), node.input(1), node.input(2), node.output(0), node.flags()),
      "xnn_define_convolution_2d");
}

// inputs [x (NHWC), filter (1HWO), bias or absent], outputs [y (NHWC)]
// int params [pad_top, pad_right, pad_bottom, pad_left, kernel_h, kernel_w, stride_h, stride_w,
//             dilation_h, dilation_w, depth_multiplier, input_channels]
// float params [output_min, output_max]
Status define_depthwise_convolution_2d(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(3, 1, 12, 2));
  const size_t input_channels = node.uint_param(11);
  const size_t channels = input_channels * node.uint_param(10);
  EDGEQ_RETURN_IF_ERROR(
      check_filter_and_bias(node, {1, node.uint_param(4), node.uint_param(5), channels}, channels));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<size_t> output,
                         node.window_output_dims(node.input(0), true, channels));
  const std::vector<size_t>& input = node.dims(node.input(0));
  EDGEQ_RETURN_IF_ERROR(
      node.expect_dims(node.input(0), {input[0], input[1], input[2], input_channels}, "input"));
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.output(0), output, "output"));
  return node.check(
      xnn_define_depthwise_convolution_2d(
          node.subgraph(), node.uint_param(0), node.uint_param(1), node.uint_param(2),
          node.uint_param(3), node.uint_param(4), node.uint_param(5), node.uint_param(6),
          node.uint_param(7), node.uint_param(8), node.uint_param(9), node.uint_param(10),
          node.uint_param(11), node.float_param(0), node.float_param(1), node.input(0),
          node.input(1), node.input(2), node.output(0), node.flags()),
      "xnn_define_depthwise_convolution_2d");
}

// inputs [x, filter ([out, in], or [in, out] with XNN_FLAG_TRANSPOSE_WEIGHTS), bias or absent],
// outputs [y]; float params [output_min, output_max]
Status define_fully_connected(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(3, 1, 0, 2));
  EDGEQ_RETURN_IF_ERROR(node.expect_rank(node.input(1), 2, "filter"));
  const std::vector<size_t>& filter = node.dims(node.input(1));
  EDGEQ_RETURN_IF_ERROR(check_filter_and_bias(node, filter, filter[0]));
  if (node.input(0) >= node.value_count() || node.dims(node.input(0)).empty()) {
    return node.error("input must be at least 1-D");
  }
  std::vector<size_t> shape = node.dims(node.input(0));
  if (shape.back() != filter[1]) return node.error("input channels differ from the filter's");
  shape.back() = filter[0];
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.output(0), shape, "output"));
  return node.check(xnn_define_fully_connected(node.subgraph(), node.float_param(0),
                                               node.float_param(1), node.input(0), node.input(1),
                                               node.input(2), node.output(0), node.flags()),
                    "xnn_define_fully_connected");
}

}  // namespace edgeq::xnnpack
