// Helpers shared by the op files: support answers, dtype checks, constant reading, 2-D windows.
#pragma once

#include <initializer_list>
#include <vector>

#include "delegate/xnnpack/aot/op_registry.h"
#include "runtime/kernels/conv_params.h"

namespace edgeq::xnnpack {

using partitioner::SupportDecision;

// "Conv: <why>".
template <typename... Args>
SupportDecision unsupported(const ir::Node& node, const Args&... why) {
  return SupportDecision::no(str_cat(op_name(node.op()), ": ", why...));
}

// The lower function of an op whose support check always refuses (registered so that the refusal
// can say why): an error if ever called.
Status lower_refused(LoweringContext& context, const ir::Node& node);

// Supported when the listed inputs (present ones) and every output are f32.
SupportDecision require_f32(const ir::Node& node, std::initializer_list<int> inputs);
// A node that only widens constant weights stored narrow: Cast of an fp16 constant to f32, or
// DequantizeLinear of a constant int8/uint8 tensor (per tensor or per axis, no blocks) with
// constant parameters, which the portable kernel accepts. The delegate absorbs such a node: its
// reader takes the widened weights as a constant, stored narrow in the payload
// (aot/narrow_constants.h) and widened once at init.
bool is_weight_widening(const ir::Node& node);
// True when input `index` is present and constant, or the output of a weight-widening node.
bool input_is_constant(const ir::Node& node, int index);
// Conv and ConvTranspose: f32 operands, constant 4-D weights (input 1), absent or constant bias
// (input 2).
SupportDecision require_conv_operands(const ir::Node& node);
// A constant f32 value's elements; for the output of a weight-widening node, the widened
// elements, computed by the portable kernel the runtime would run (bit-identical).
std::vector<float> constant_floats(const ir::Value& value);

// The geometry of a 2-D window op (Conv, pools) on its 4-D input; `kernel_shape` empty means
// "from the attribute". Errors are returned as a reason.
struct Window2d {
  runtime::WindowGeometry geometry;  // canonical 3-D: H is index 1, W index 2
  std::string error;                 // non-empty when the window is not one XNNPACK runs
};
Window2d window_2d(const ir::Node& node, const std::vector<int64_t>& kernel_shape);

// The int params XNNPACK's 2-D window defines start with: pads (top, right, bottom, left), kernel
// (h, w), stride (h, w), then dilation (h, w) when `with_dilation`.
std::vector<int64_t> window_params(const runtime::WindowGeometry& g, bool with_dilation);

}  // namespace edgeq::xnnpack
