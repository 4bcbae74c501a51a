// QdqPlan: what Annotations mean for each value of a graph, resolved once so that calibration
// (which values to observe, which share an observer) and convert (what to insert where) agree.
//
//   - Static activation groups: every non-dynamic spec on an edge of a non-constant value puts
//     that value in a group; a SharedSpec unites its value with the value of the edge it names.
//     One group = one set of parameters. The group's spec: a FixedSpec if any, else the first
//     producer-output QuantizationSpec, else the first consumer-input one (topological order).
//     Constants met by a SharedSpec (e.g. a constant concat input) join the group too.
//   - Dynamic edges: a dynamic QuantizationSpec on an input edge (per consumer).
//   - Constant edges: a QuantizationSpec, FixedSpec or DerivedSpec on an input edge reading a
//     constant (weights, biases, constant operands).
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ir/graph.h"
#include "quantizer/quantization_spec.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

// One input edge: input `index` of node `node`.
using InputEdge = std::pair<std::string, int>;

struct ActivationGroup {
  std::string key;                  // the first member value (topological order)
  std::vector<std::string> values;  // members, non-constant and constant
  std::variant<QuantizationSpec, FixedSpec> spec;
};

struct DynamicEdge {
  std::string value;
  InputEdge edge;
  QuantizationSpec spec;
};

struct ConstantEdge {
  std::string value;
  InputEdge edge;
  EdgeSpec spec;  // QuantizationSpec, FixedSpec or DerivedSpec
};

struct QdqPlan {
  std::vector<ActivationGroup> groups;
  std::map<std::string, size_t> group_of_value;
  // Values whose producer annotated them: every reader sees the quantized value.
  std::set<std::string> producer_quantized;
  // Input edges that read the quantized value (static specs on non-constant values).
  std::set<InputEdge> static_edges;
  std::vector<DynamicEdge> dynamic_edges;
  std::vector<ConstantEdge> constant_edges;

  const ActivationGroup* group_of(const std::string& value) const;
};

// Resolves `annotations` over `graph`. Errors (naming the node and edge): a spec on an edge the
// node does not have, a SharedSpec naming a missing edge, a DerivedSpec on a non-constant value,
// a spec on a non-f32 value, an invalid QuantizationSpec, a per-channel or per-group spec on an
// activation, and - when `strict` - a group with only SharedSpecs (nothing to share). Without
// `strict` such a group stays float (convert with nodes kept float may leave one behind).
Result<QdqPlan> build_qdq_plan(const ir::Graph& graph, const Annotations& annotations, bool strict);

}  // namespace edgeq::quantizer
