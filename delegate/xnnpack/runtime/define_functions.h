// The define functions, one per payload NodeKind, grouped by family in define_<family>.cc. Each
// documents its node's inputs, outputs and params (the aot side writes them in that order).
#pragma once

#include "delegate/xnnpack/runtime/node_definer.h"

namespace edgeq::xnnpack {

using DefineFunction = Status (*)(const NodeDefiner&);

// define_convolution.cc
Status define_convolution_2d(const NodeDefiner& node);
Status define_depthwise_convolution_2d(const NodeDefiner& node);
Status define_fully_connected(const NodeDefiner& node);
// define_binary.cc
Status define_add(const NodeDefiner& node);
Status define_subtract(const NodeDefiner& node);
Status define_multiply(const NodeDefiner& node);
Status define_divide(const NodeDefiner& node);
Status define_maximum(const NodeDefiner& node);
Status define_minimum(const NodeDefiner& node);
// define_unary.cc
Status define_clamp(const NodeDefiner& node);
Status define_leaky_relu(const NodeDefiner& node);
Status define_elu(const NodeDefiner& node);
Status define_prelu(const NodeDefiner& node);
Status define_softmax(const NodeDefiner& node);
Status define_sigmoid(const NodeDefiner& node);
Status define_hardswish(const NodeDefiner& node);
Status define_abs(const NodeDefiner& node);
Status define_negate(const NodeDefiner& node);
Status define_floor(const NodeDefiner& node);
Status define_ceiling(const NodeDefiner& node);
Status define_square_root(const NodeDefiner& node);
Status define_square(const NodeDefiner& node);
// define_pooling.cc
Status define_max_pooling_2d(const NodeDefiner& node);
Status define_average_pooling_2d(const NodeDefiner& node);
Status define_global_average_pooling_2d(const NodeDefiner& node);
// define_reshape.cc
Status define_static_reshape(const NodeDefiner& node);
// define_deconvolution.cc
Status define_deconvolution_2d(const NodeDefiner& node);
// define_spatial.cc
Status define_static_constant_pad(const NodeDefiner& node);
Status define_static_resize_bilinear_2d(const NodeDefiner& node);
Status define_depth_to_space(const NodeDefiner& node);
// define_convert.cc
Status define_convert(const NodeDefiner& node);

}  // namespace edgeq::xnnpack
