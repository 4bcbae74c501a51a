// Internal to convert: small graph-editing steps shared by the activation and the constant halves
// of the QDQ rewrite (quantizer/convert.cc, quantizer/convert_constants.cc).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantizer/qdq_plan.h"
#include "quantizer/quant_params.h"
#include "runtime/core/attributes.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

struct ParamValues {
  ir::Value* scale = nullptr;
  ir::Value* zero_point = nullptr;
};

// Adds <base>_scale (f32) and <base>_zero_point (params.dtype) constants shaped for a tensor of
// shape `tensor` (quant_param_shape). Errors name `base`.
Result<ParamValues> add_param_constants(ir::Graph& graph, const std::string& base,
                                        const QuantParams& params, const Shape& tensor);

// QuantizeLinear / DequantizeLinear attributes for `params`: axis (per channel / group) and
// block_size (per group).
Attributes qdq_attributes(const QuantParams& params);

// A new non-constant value named `name` (made unique) with `like`'s f32 type and batch flag.
ir::Value* add_value_like(ir::Graph& graph, const std::string& name, const ir::Value& like);

// Makes `value`'s producer compute a new value named <value>_float instead and returns it;
// `value` is left without producer, ready to be the output of a DequantizeLinear.
ir::Value* detach_from_producer(ir::Graph& graph, ir::Value* value);

// Rewires the input edges of `edges` to read `value`.
void rewire_inputs(ir::Graph& graph, const std::vector<InputEdge>& edges, ir::Value* value);

// Quantizes the constants of plan.constant_edges in `graph` (convert's constant half).
Status convert_constants(ir::Graph& graph, const QdqPlan& plan,
                         const std::map<std::string, QuantParams>& activation_params);

}  // namespace edgeq::quantizer
