#include "quantizer/pattern_registry.h"

#include <algorithm>

namespace edgeq::quantizer {
namespace {

bool step_accepts(const PatternStep& step, const ir::Node& node) {
  if (std::find(step.ops.begin(), step.ops.end(), node.op()) == step.ops.end()) return false;
  return !step.accept || step.accept(node);
}

// The single reader of `value` through `input_index` (-1: any input), or nullptr when the value
// has other readers, is a graph output, or is not read that way.
const ir::Node* sole_reader(const ir::Value* value, int input_index, const ir::Graph& graph) {
  if (graph.is_graph_output(value)) return nullptr;
  const auto& uses = value->uses();
  if (uses.size() != 1) return nullptr;
  if (input_index >= 0 && uses[0].input_index != input_index) return nullptr;
  return uses[0].node;
}

}  // namespace

Status PatternRegistry::add(Pattern pattern) {
  if (pattern.name.empty()) return invalid_argument("pattern without a name");
  if (pattern.chain.empty()) return invalid_argument("pattern '", pattern.name, "' has no steps");
  for (size_t i = 0; i < pattern.chain.size(); ++i) {
    if (pattern.chain[i].ops.empty()) {
      return invalid_argument("pattern '", pattern.name, "': step ", i, " lists no op types");
    }
  }
  if (!pattern.annotate) {
    return invalid_argument("pattern '", pattern.name, "' has no annotation function");
  }
  if (find(pattern.name) != nullptr) {
    return invalid_argument("pattern '", pattern.name, "' is already registered");
  }
  // Keep the list in matching order: after every pattern at least as long.
  auto pos = std::find_if(patterns_.begin(), patterns_.end(),
                          [&](const Pattern& p) { return p.chain.size() < pattern.chain.size(); });
  patterns_.insert(pos, std::move(pattern));
  return Status::Ok();
}

Status PatternRegistry::remove(const std::string& name) {
  auto it = std::find_if(patterns_.begin(), patterns_.end(),
                         [&](const Pattern& p) { return p.name == name; });
  if (it == patterns_.end()) return not_found("no pattern named '", name, "'");
  patterns_.erase(it);
  return Status::Ok();
}

const Pattern* PatternRegistry::find(const std::string& name) const {
  for (const auto& p : patterns_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

PatternMatch match_chain(const Pattern& pattern, const ir::Node& node, const ir::Graph& graph) {
  PatternMatch match;
  if (!step_accepts(pattern.chain[0], node)) return match;
  std::vector<const ir::Node*> nodes = {&node};
  for (size_t i = 1; i < pattern.chain.size(); ++i) {
    const ir::Node* prev = nodes.back();
    if (prev->num_outputs() < 1) return match;
    const ir::Node* next = sole_reader(prev->output(0), pattern.chain[i].input_index, graph);
    if (next == nullptr || !step_accepts(pattern.chain[i], *next)) return match;
    nodes.push_back(next);
  }
  match.nodes = std::move(nodes);
  return match;
}

Result<Annotations> annotate_with_patterns(const ir::Graph& graph, const PatternRegistry& registry,
                                           const ConfigForNode& config_for_node) {
  Annotations annotations;
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Node*> order, graph.topological_order());
  for (const ir::Node* node : order) {
    if (annotations.is_claimed(node->name())) continue;
    const QuantizationConfig* config = config_for_node(*node);
    if (config == nullptr) continue;
    for (const Pattern& pattern : registry.patterns()) {
      PatternMatch match = match_chain(pattern, *node, graph);
      if (match.nodes.empty()) continue;
      const bool available = std::all_of(match.nodes.begin(), match.nodes.end(), [&](auto* n) {
        return !annotations.is_claimed(n->name()) && config_for_node(*n) != nullptr;
      });
      if (!available) continue;
      AnnotationContext ctx{graph, *config, annotations};
      Result<bool> claimed = pattern.annotate(match, ctx);
      if (!claimed.ok()) {
        return claimed.status().with_context(
            str_cat("pattern '", pattern.name, "' at ", node->description()));
      }
      if (*claimed) break;
    }
  }
  return annotations;
}

}  // namespace edgeq::quantizer
