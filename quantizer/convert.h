// Convert: rewrites a float ir::Graph into QDQ form following a QdqPlan and the activation
// parameters calibration produced. The result runs on the portable kernels (that run is the
// quantization simulation) and is what the partitioner lowers.
//
// What is inserted:
//   - static activation X (a group member): X_float -> QuantizeLinear -> X_quantized ->
//     DequantizeLinear -> X. NAMING RULE: the producer's output is renamed X_float and the value
//     named X is the dequantized (simulated) one, so a float and a QDQ graph can be compared value
//     by value. When the producer annotated X, every reader (and a graph output X) reads the
//     dequantized value; when only some consumers asked, the others read X_float. Graph inputs,
//     and graph outputs that only a consumer quantizes, keep their float name X: the dequantized
//     value is then X_dequantized.
//   - dynamic activation X: X_float -> DynamicQuantize -> (X_quantized, X_scale, X_zero_point) ->
//     DequantizeLinear (per token: axis -1, block_size = last dim) -> X, for the consumers whose
//     edge is dynamic (same naming rule; one DynamicQuantize per value and spec).
//   - constant W with a spec: stored quantized as W_quantized (i8/u8/i16, i32 bias, packed i4
//     with per-group parameters as DequantizeLinear blocks) -> DequantizeLinear -> W; fp16 as
//     W_fp16 -> Cast(to f32) -> W. A constant read elsewhere without that spec keeps its float
//     value; the dequantized one is then W_dequantized. Scales and zero points are constants
//     named <base>_scale / <base>_zero_point.
//   - bias (DerivedSpec): int32, scale = input scale x weight scale (per channel when the weight
//     is), zero point 0. A bias whose factors are not all quantized stays float.
#pragma once

#include <map>
#include <string>

#include "ir/graph.h"
#include "quantizer/qdq_plan.h"
#include "quantizer/quant_params.h"
#include "quantizer/quantization_spec.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

// Parameters of static activation values by value name: every value of every group of the plan
// (constant members included) must have an entry.
using ActivationParams = std::map<std::string, QuantParams>;

// The QuantRangeSpec an observer computes a QuantizationSpec's parameters for.
QuantRangeSpec range_spec_of(const QuantizationSpec& spec);

// The parameters a FixedSpec states.
QuantParams fixed_params(const FixedSpec& spec);

// Returns a converted copy of `float_graph` (which must have types; it is not modified). The
// result has types (shape inference ran) and passes Graph::verify. Errors name the value: missing
// activation parameters, weights that do not fit their spec (NaN/Inf, axis out of range), and
// failures of shape inference on the rewritten graph.
Result<ir::Graph> convert_to_qdq(const ir::Graph& float_graph, const QdqPlan& plan,
                                 const ActivationParams& activation_params);

}  // namespace edgeq::quantizer
