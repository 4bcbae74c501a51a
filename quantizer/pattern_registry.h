// Patterns: how a backend says which op groups it runs quantized. A Pattern is a matcher (a chain
// of op types linked by edges) plus an annotation function that writes the specs. Backend authors
// register their own patterns in a PatternRegistry (e.g. XnnpackQuantizer::patterns()) without
// touching the quantizer core; see examples/custom_pattern/.
//
// Matching: annotate_with_patterns walks the graph in topological order; at each unclaimed node
// it tries the patterns whose first step accepts the node, longest chain first (ties: the order of
// registration). Step i+1 must read output 0 of step i, and that value must have no other reader
// and not be a graph output (so a fused chain never hides a value somebody else needs). Every
// matched node must be unclaimed and have a config (scoping); the config of the first node is the
// one handed to the annotation function, which may still decline (return false).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantizer/quantization_spec.h"
#include "runtime/core/op_type.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

// One node of a chain: its op is one of `ops` and, when set, `accept(node)` holds.
struct PatternStep {
  std::vector<OpType> ops;
  std::function<bool(const ir::Node&)> accept;
  // Which input of this node reads the previous step's output 0 (-1: any). Ignored for step 0.
  int input_index = -1;
};

// The nodes a chain matched, one per step, in chain order.
struct PatternMatch {
  std::vector<const ir::Node*> nodes;
  const ir::Node& first() const { return *nodes.front(); }
  const ir::Node& last() const { return *nodes.back(); }
};

// What an annotation function sees: the graph, the config chosen for the match by scoping, and
// the annotations so far (earlier nodes in topological order are already decided, so a pattern
// can ask whether its input is quantized).
struct AnnotationContext {
  const ir::Graph& graph;
  const QuantizationConfig& config;
  Annotations& annotations;
};

// Claims the matched nodes (Annotations::claim with the pattern's name) and writes their specs.
// Returns false, claiming nothing, to decline (e.g. the config lacks a spec the pattern needs).
using AnnotateFn = std::function<Result<bool>(const PatternMatch&, AnnotationContext&)>;

struct Pattern {
  std::string name;  // unique in a registry; recorded in NodeAnnotation::pattern
  std::vector<PatternStep> chain;
  AnnotateFn annotate;
};

class PatternRegistry {
 public:
  // Adds a pattern. InvalidArgument for an empty name or chain, a step without ops, a missing
  // annotate function, or a name already registered.
  Status add(Pattern pattern);
  // Removes the pattern named `name`; NotFound when there is none.
  Status remove(const std::string& name);
  const Pattern* find(const std::string& name) const;
  // In matching order: longest chain first, then registration order.
  const std::vector<Pattern>& patterns() const { return patterns_; }

 private:
  std::vector<Pattern> patterns_;
};

// The config that applies to a node, or nullptr when the node must stay float (exclusion / no
// config in scope).
using ConfigForNode = std::function<const QuantizationConfig*(const ir::Node&)>;

// Runs every pattern of `registry` over `graph` as described at the top; returns the annotations.
// Errors come from annotation functions (with the pattern and node named).
Result<Annotations> annotate_with_patterns(const ir::Graph& graph, const PatternRegistry& registry,
                                           const ConfigForNode& config_for_node);

// Tries `pattern` at `node` alone (no claim checks beyond the chain's): the matched nodes, or an
// empty match. Exposed for tests and for patterns that look around their match.
PatternMatch match_chain(const Pattern& pattern, const ir::Node& node, const ir::Graph& graph);

}  // namespace edgeq::quantizer
