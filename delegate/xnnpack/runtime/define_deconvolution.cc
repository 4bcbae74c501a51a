// Deconvolution (transposed convolution) family.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {

// inputs [x (NHWC), filter ([groups * group_output_channels, kernel_h, kernel_w,
//         group_input_channels]), bias ([groups * group_output_channels]) or absent],
// outputs [y (NHWC)]
// int params [pad_top, pad_right, pad_bottom, pad_left, kernel_h, kernel_w, stride_h, stride_w,
//             dilation_h, dilation_w, adjustment_h, adjustment_w, groups, group_input_channels,
//             group_output_channels]; the output is stride * (in - 1) + adjustment +
//             dilated kernel - pads per spatial dim, adjustment < stride
// float params [output_min, output_max]
Status define_deconvolution_2d(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(3, 1, 15, 2));
  EDGEQ_RETURN_IF_ERROR(node.expect_rank(node.input(0), 4, "input"));
  const size_t groups = node.uint_param(12), group_in = node.uint_param(13);
  const size_t channels = groups * node.uint_param(14);
  const std::vector<size_t>& input = node.dims(node.input(0));
  EDGEQ_RETURN_IF_ERROR(
      node.expect_dims(node.input(0), {input[0], input[1], input[2], groups * group_in}, "input"));
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(
      node.input(1), {channels, node.uint_param(4), node.uint_param(5), group_in}, "filter"));
  EDGEQ_RETURN_IF_ERROR(node.expect_constant(node.input(1), "filter"));
  if (node.input(2) != XNN_INVALID_VALUE_ID) {
    EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.input(2), {channels}, "bias"));
    EDGEQ_RETURN_IF_ERROR(node.expect_constant(node.input(2), "bias"));
  }
  std::vector<size_t> output = {input[0], 0, 0, channels};
  for (int axis = 0; axis < 2; ++axis) {
    const int64_t pads =
        int64_t{node.uint_param(axis == 0 ? 0 : 3)} + node.uint_param(axis == 0 ? 2 : 1);
    const int64_t kernel = node.uint_param(4 + axis), stride = node.uint_param(6 + axis);
    const int64_t dilation = node.uint_param(8 + axis), adjustment = node.uint_param(10 + axis);
    if (kernel == 0 || stride == 0 || dilation == 0 || input[1 + axis] == 0) {
      return node.error("kernel, stride, dilation and input size must be positive");
    }
    if (adjustment >= stride) return node.error("adjustment must be smaller than the stride");
    const int64_t size = stride * (static_cast<int64_t>(input[1 + axis]) - 1) + adjustment +
                         (kernel - 1) * dilation + 1 - pads;
    if (size < 1) return node.error("the padding removes the whole output");
    output[1 + axis] = static_cast<size_t>(size);
  }
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.output(0), output, "output"));
  return node.check(
      xnn_define_deconvolution_2d(
          node.subgraph(), node.uint_param(0), node.uint_param(1), node.uint_param(2),
          node.uint_param(3), node.uint_param(10), node.uint_param(11), node.uint_param(4),
          node.uint_param(5), node.uint_param(6), node.uint_param(7), node.uint_param(8),
          node.uint_param(9), node.uint_param(12), node.uint_param(13), node.uint_param(14),
          node.float_param(0), node.float_param(1), node.input(0), node.input(1), node.input(2),
          node.output(0), node.flags()),
      "xnn_define_deconvolution_2d");
}

}  // namespace edgeq::xnnpack
