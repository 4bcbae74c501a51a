// Spatial rearrangement family: constant pad, bilinear resize, depth to space.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {

// inputs [x (rank 1 to XNN_MAX_TENSOR_DIMS)], outputs [y]
// int params [pre padding of dims 0 .. XNN_MAX_TENSOR_DIMS - 1, post padding of the same dims]
//            (entries past x's rank must be 0); float params [padding_value]
Status define_static_constant_pad(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 2 * XNN_MAX_TENSOR_DIMS, 1));
  if (node.input(0) >= node.value_count() || node.dims(node.input(0)).empty()) {
    return node.error("input must be at least 1-D");
  }
  std::vector<size_t> output = node.dims(node.input(0));
  size_t pre[XNN_MAX_TENSOR_DIMS], post[XNN_MAX_TENSOR_DIMS];
  for (size_t d = 0; d < XNN_MAX_TENSOR_DIMS; ++d) {
    pre[d] = node.uint_param(d);
    post[d] = node.uint_param(XNN_MAX_TENSOR_DIMS + d);
    if (d >= output.size()) {
      if (pre[d] != 0 || post[d] != 0) return node.error("padding past the input's rank");
      continue;
    }
    output[d] += pre[d] + post[d];
  }
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(node.output(0), output, "output"));
  return node.check(xnn_define_static_constant_pad(node.subgraph(), pre, post, node.float_param(0),
                                                   node.input(0), node.output(0), node.flags()),
                    "xnn_define_static_constant_pad");
}

// inputs [x (NHWC)], outputs [y (N, new_height, new_width, C)]; int params [new_height,
// new_width]; flags: XNN_FLAG_ALIGN_CORNERS or XNN_FLAG_TENSORFLOW_LEGACY_MODE (not both)
Status define_static_resize_bilinear_2d(const NodeDefiner& node) {
  constexpr uint32_t kModes = XNN_FLAG_ALIGN_CORNERS | XNN_FLAG_TENSORFLOW_LEGACY_MODE;
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 2, 0, kModes));
  if (node.flags() == kModes) return node.error("align corners and legacy mode both set");
  EDGEQ_RETURN_IF_ERROR(node.expect_rank(node.input(0), 4, "input"));
  const std::vector<size_t>& input = node.dims(node.input(0));
  if (input[1] == 0 || input[2] == 0 || node.uint_param(0) == 0 || node.uint_param(1) == 0) {
    return node.error("input and output sizes must be positive");
  }
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(
      node.output(0), {input[0], node.uint_param(0), node.uint_param(1), input[3]}, "output"));
  return node.check(
      xnn_define_static_resize_bilinear_2d(node.subgraph(), node.uint_param(0), node.uint_param(1),
                                           node.input(0), node.output(0), node.flags()),
      "xnn_define_static_resize_bilinear_2d");
}

// inputs [x (NHWC, C = block_size² * output channels, depth split as [block, block, channels])],
// outputs [y (N, H * block_size, W * block_size, C / block_size²)]; int params [block_size >= 2]
Status define_depth_to_space(const NodeDefiner& node) {
  EDGEQ_RETURN_IF_ERROR(node.expect(1, 1, 1, 0));
  EDGEQ_RETURN_IF_ERROR(node.expect_rank(node.input(0), 4, "input"));
  const size_t block = node.uint_param(0);
  const std::vector<size_t>& input = node.dims(node.input(0));
  if (block < 2 || input[3] % (block * block) != 0) {
    return node.error("block size must be at least 2 and its square divide the channels");
  }
  EDGEQ_RETURN_IF_ERROR(node.expect_dims(
      node.output(0), {input[0], input[1] * block, input[2] * block, input[3] / (block * block)},
      "output"));
  return node.check(xnn_define_depth_to_space(node.subgraph(), node.input(0), node.output(0),
                                              node.uint_param(0), node.flags()),
                    "xnn_define_depth_to_space");
}

}  // namespace edgeq::xnnpack
