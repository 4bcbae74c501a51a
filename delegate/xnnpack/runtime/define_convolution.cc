// Convolution family: 2-D convolution, depthwise convolution, fully connected.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {

// inputs [x (NHWC), filter (OHWI), bias or absent], outputs [y (NHWC)]
// int params [pad_top, pad_right, pad_bottom, pad_left, kernel_h, kernel_w, stride_h, stride_w,
//             dilation_h, dilation_w, groups, group_input_channels, group_output_channels]
// float params [output_min, output_max]
Status define_convolution_2d(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(3, 1, 13, 2));
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
  return node.check(
      xnn_define_fully_connected(node.subgraph(), node.float_param(0), node.float_param(1),
                                 node.input(0), node.input(1), node.input(2), node.output(0),
                                 node.flags()),
      "xnn_define_fully_connected");
}

}  // namespace edgeq::xnnpack
