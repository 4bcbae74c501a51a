// Helpers shared by the one-input op families (unary.cc, softmax.cc, prelu.cc): the support checks
// they all make and the lowering into one payload node.
#pragma once

#include <vector>

#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {

// Input 0 and every output are f32 (plus the other listed inputs), and input 0 is not a constant
// (a constant input is left to constant folding: a partition holds no op on constants alone, and
// the input's NCHW constant dims would not match the NHWC output inside the delegate).
SupportDecision require_f32_activation_input(const ir::Node& node,
                                             std::initializer_list<int> other_inputs = {});

// Adds one payload node of `kind` reading input 0 (plus `extra_inputs`, payload ids) and defining
// output 0, with `float_params`.
Status lower_unary_node(LoweringContext& context, const ir::Node& node, schema::NodeKind kind,
                        std::vector<float> float_params, std::vector<uint32_t> extra_inputs = {});

}  // namespace edgeq::xnnpack
