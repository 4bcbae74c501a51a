// The one table from payload NodeKind to define function. Adding a node kind: a NodeKind value in
// the schema, a define function in define_<family>.cc (declared in define_functions.h), one line
// here.
#include "delegate/xnnpack/runtime/define_functions.h"

namespace edgeq::xnnpack {
namespace {

struct DefineEntry {
  schema::NodeKind kind;
  DefineFunction define;
};

constexpr DefineEntry kDefineFunctions[] = {
    {schema::NodeKind::Convolution2d, define_convolution_2d},
    {schema::NodeKind::DepthwiseConvolution2d, define_depthwise_convolution_2d},
    {schema::NodeKind::FullyConnected, define_fully_connected},
    {schema::NodeKind::Add, define_add},
    {schema::NodeKind::Subtract, define_subtract},
    {schema::NodeKind::Multiply, define_multiply},
    {schema::NodeKind::Divide, define_divide},
    {schema::NodeKind::Maximum, define_maximum},
    {schema::NodeKind::Minimum, define_minimum},
    {schema::NodeKind::Clamp, define_clamp},
    {schema::NodeKind::LeakyRelu, define_leaky_relu},
    {schema::NodeKind::Elu, define_elu},
    {schema::NodeKind::PRelu, define_prelu},
    {schema::NodeKind::Softmax, define_softmax},
    {schema::NodeKind::Sigmoid, define_sigmoid},
    {schema::NodeKind::HardSwish, define_hardswish},
    {schema::NodeKind::Abs, define_abs},
    {schema::NodeKind::Negate, define_negate},
    {schema::NodeKind::Floor, define_floor},
    {schema::NodeKind::Ceiling, define_ceiling},
    {schema::NodeKind::SquareRoot, define_square_root},
    {schema::NodeKind::Square, define_square},
    {schema::NodeKind::MaxPooling2d, define_max_pooling_2d},
    {schema::NodeKind::AveragePooling2d, define_average_pooling_2d},
    {schema::NodeKind::GlobalAveragePooling2d, define_global_average_pooling_2d},
    {schema::NodeKind::StaticReshape, define_static_reshape},
    {schema::NodeKind::Deconvolution2d, define_deconvolution_2d},
    {schema::NodeKind::StaticConstantPad, define_static_constant_pad},
    {schema::NodeKind::StaticResizeBilinear2d, define_static_resize_bilinear_2d},
    {schema::NodeKind::DepthToSpace, define_depth_to_space},
    {schema::NodeKind::Convert, define_convert},
};

}  // namespace

Status define_node(const NodeDefiner& definer, schema::NodeKind kind) {
  for (const DefineEntry& entry : kDefineFunctions) {
    if (entry.kind == kind) return entry.define(definer);
  }
  return definer.error(str_cat("node kind ", static_cast<int>(kind),
                               " is unknown to this runtime (payload from a newer edgeq?)"));
}

}  // namespace edgeq::xnnpack
