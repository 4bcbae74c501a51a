// Building blocks for annotation functions (used by the built-in pattern families and by backend
// authors writing their own patterns; see examples/custom_pattern/).
#pragma once

#include <optional>
#include <string>

#include "ir/graph.h"
#include "quantizer/pattern_registry.h"
#include "quantizer/quantization_spec.h"

namespace edgeq::quantizer {

// Present, integer (not fp16) and static (not dynamic).
bool is_static_integer(const std::optional<QuantizationSpec>& spec);

// The config quantizes activations statically: both activation specs are static integer.
bool has_static_activations(const QuantizationConfig& config);

// A constant f32 value (a weight or bias the quantizer can store quantized).
bool is_constant_f32(const ir::Value* value);

// Output 0 of `node` is f32 (shape arithmetic on integers is never quantized).
bool has_f32_output(const ir::Node& node);

// True when `value` will be quantized statically by what is annotated so far: its producer's
// output spec (anything but a dynamic QuantizationSpec) is set.
bool is_quantized_activation(const AnnotationContext& ctx, const ir::Value* value);

// The fixed output parameters of an op whose output lies in [0, 1] (sigmoid, softmax) or [-1, 1]
// (tanh) for the activation dtype (i8, u8 or i16), following TFLite: [0, 1] -> i8 1/256 zp -128,
// u8 1/256 zp 0, i16 1/32768 zp 0; [-1, 1] -> i8 1/128 zp 0, u8 1/128 zp 128, i16 1/32768 zp 0.
enum class FixedRange { kUnitInterval, kSymmetricUnit };
Result<FixedSpec> fixed_output_spec(FixedRange range, const QuantizationSpec& activation);

// Claims every node of `match` for `pattern` with empty specs. Errors name the node.
Status claim_match(const PatternMatch& match, const std::string& pattern, AnnotationContext& ctx);

// How a weighted op (conv, linear) lays out its constant weight (input 1) and bias (input 2).
struct WeightLayout {
  int channel_axis = 0;         // output channels: the per-channel axis
  int group_axis = -1;          // input features: the per-group axis; -1 = per-group unsupported
  bool allows_dynamic = false;  // the op may take dynamically quantized activations
  bool bias_derivable = true;   // a constant bias may become int32 (e.g. Gemm needs beta == 1)
};

// Annotates a weighted op followed by optional fused activations (match.first() is the op):
// input 0 with the input activation spec, input 1 with the weight spec (axis from `layout`), a
// constant 1-D bias with DerivedSpec(input 0 x input 1) when both are static integer and the
// weight is not per group, and the last node's output with the output activation spec when
// static. Declines without a weight spec, for per-group weights without a group axis, and for
// dynamic activations the op does not allow.
Result<bool> annotate_weighted_chain(const PatternMatch& match, const std::string& pattern,
                                     const WeightLayout& layout, AnnotationContext& ctx);

// The record of a node of `match` (claimed by claim_match).
NodeAnnotation& record_of(const ir::Node& node, AnnotationContext& ctx);

// Sets input `index` of `node` to the config's input activation spec when that input is present.
void set_input_activation(const ir::Node& node, int index, AnnotationContext& ctx);

// Sets output 0 of `node` to the config's output activation spec.
void set_output_activation(const ir::Node& node, AnnotationContext& ctx);

}  // namespace edgeq::quantizer
