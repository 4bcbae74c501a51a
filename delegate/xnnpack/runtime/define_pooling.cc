// Pooling family: max, average (padding excluded from the count), global average.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {
namespace {

Status check_pool_output(const NodeDefiner& node, bool has_dilation) {
  EDGEQ_RETURN_IF_ERROR(node.expect_rank(node.input(0), 4, "input"));
  EDGEQ_ASSIGN_OR_RETURN(
      std::vector<size_t> output,
      node.window_output_dims(node.input(0), has_dilation, node.dims(node.input(0))[3]));
  return node.expect_dims(node.output(0), output, "output");
}

}  // namespace

// inputs [x (NHWC)], outputs [y (NHWC)]
// int params [pad_top, pad_right, pad_bottom, pad_left, pool_h, pool_w, stride_h, stride_w,
//             dilation_h, dilation_w]; float params [output_min, output_max]
Status define_max_pooling_2d(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 10, 2));
  EDGEQ_RETURN_IF_ERROR(check_pool_output(node, /*has_dilation=*/true));
  return node.check(
      xnn_define_max_pooling_2d(node.subgraph(), node.uint_param(0), node.uint_param(1),
                                node.uint_param(2), node.uint_param(3), node.uint_param(4),
                                node.uint_param(5), node.uint_param(6), node.uint_param(7),
                                node.uint_param(8), node.uint_param(9), node.float_param(0),
                                node.float_param(1), node.input(0), node.output(0), node.flags()),
      "xnn_define_max_pooling_2d");
}

// inputs [x (NHWC)], outputs [y (NHWC)]
// int params [pad_top, pad_right, pad_bottom, pad_left, pool_h, pool_w, stride_h, stride_w];
// float params [output_min, output_max]
Status define_average_pooling_2d(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 8, 2));
  EDGEQ_RETURN_IF_ERROR(check_pool_output(node, /*has_dilation=*/false));
  return node.check(xnn_define_average_pooling_2d(
                        node.subgraph(), node.uint_param(0), node.uint_param(1), node.uint_param(2),
                        node.uint_param(3), node.uint_param(4), node.uint_param(5),
                        node.uint_param(6), node.uint_param(7), node.float_param(0),
                        node.float_param(1), node.input(0), node.output(0), node.flags()),
                    "xnn_define_average_pooling_2d");
}

// inputs [x (NHWC)], outputs [y (N11C)]; float params [output_min, output_max]
Status define_global_average_pooling_2d(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 0, 2));
  EDGEQ_RETURN_IF_ERROR(node.expect_rank(node.input(0), 4, "input"));
  const std::vector<size_t>& input = node.dims(node.input(0));
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.output(0), {input[0], 1, 1, input[3]}, "output"));
  return node.check(xnn_define_global_average_pooling_2d(node.subgraph(), node.float_param(0),
                                                         node.float_param(1), node.input(0),
                                                         node.output(0), node.flags()),
                    "xnn_define_global_average_pooling_2d");
}

}  // namespace edgeq::xnnpack
