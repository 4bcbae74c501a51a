// The built-in pattern families, one file each under quantizer/patterns/. Each function adds its
// family's patterns to a registry; register_default_patterns adds them all (XnnpackQuantizer's
// default set).
#pragma once

#include "quantizer/pattern_registry.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

// conv_relu, conv_clip (relu6 and other clips), conv: Conv with constant weights, then an
// optional Relu or Clip. Weights per channel (axis 0) or per tensor; per-group weights are for
// linear layers only (conv declines); bias int32 derived when activations are static integer.
// Dynamic activations are for linear layers only (conv declines).
Status register_conv_patterns(PatternRegistry& registry);

// linear_bias_relu, linear_bias: Gemm without C or MatMul, then Add with a constant 1-D bias
// (PyTorch's Linear on rank > 2 inputs), then an optional Relu: the Add's constant becomes the
// int32 bias. linear_relu, linear: Gemm (alpha = beta = 1 for the derived bias) or MatMul with a
// constant 2-D weight, then an optional Relu. Weights per channel along the output-feature axis,
// per tensor, or per group along the input-feature axis; activations static or dynamic.
Status register_linear_patterns(PatternRegistry& registry);

// add_relu, add, mul_relu, mul: both inputs and the output quantized (static activations only).
Status register_binary_patterns(PatternRegistry& registry);

// concat: every input shares the output's parameters (one set for all), when at least one input
// is already quantized.
Status register_concat_patterns(PatternRegistry& registry);

// average_pool, global_average_pool: input and output quantized with their own parameters.
Status register_pool_patterns(PatternRegistry& registry);

// pass_through: Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Pad, Resize, MaxPool,
// GlobalMaxPool, DepthToSpace, SpaceToDepth: the output shares the input's parameters; claimed only
// when the input is already quantized (a lone reshape between float ops stays float).
Status register_pass_through_patterns(PatternRegistry& registry);

// sigmoid and softmax (fixed [0, 1] output parameters), tanh (fixed [-1, 1]), hardswish, leaky
// relu, relu, clip (observed output): input quantized, output as said.
Status register_activation_patterns(PatternRegistry& registry);

// All of the above.
Status register_default_patterns(PatternRegistry& registry);

}  // namespace edgeq::quantizer
