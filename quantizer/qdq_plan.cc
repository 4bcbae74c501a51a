#include "quantizer/qdq_plan.h"

#include <algorithm>

namespace edgeq::quantizer {
namespace {

// Union-find over value names, remembering the order values were first seen.
class ValueUnion {
 public:
  void add(const std::string& value) {
    if (parent_.emplace(value, value).second) order_.push_back(value);
  }
  std::string find(const std::string& value) {
    std::string root = value;
    while (parent_[root] != root) root = parent_[root];
    return root;
  }
  void unite(const std::string& a, const std::string& b) {
    add(a);
    add(b);
    const std::string ra = find(a);
    const std::string rb = find(b);
    if (ra != rb) parent_[rb] = ra;
  }
  const std::vector<std::string>& order() const { return order_; }

 private:
  std::map<std::string, std::string> parent_;
  std::vector<std::string> order_;
};

// The spec candidates a value collected, first of each kind wins.
struct Candidates {
  std::optional<FixedSpec> fixed;
  std::optional<QuantizationSpec> producer;
  std::optional<QuantizationSpec> consumer;
};

Result<const ir::Value*> value_of(const ir::Graph& graph, const EdgeRef& edge) {
  const ir::Node* node = graph.find_node(edge.node);
  if (node == nullptr) return not_found("shared spec names ", edge.to_string(), ": no such node");
  const bool input = edge.kind == EdgeRef::Kind::kInput;
  const int count = input ? node->num_inputs() : node->num_outputs();
  const ir::Value* value = nullptr;
  if (edge.index >= 0 && edge.index < count) {
    value = input ? node->input(edge.index) : node->output(edge.index);
  }
  if (value == nullptr) return not_found("shared spec names ", edge.to_string(), ": no such edge");
  return value;
}

Status check_activation_spec(const QuantizationSpec& spec, const std::string& where) {
  EDGEQ_RETURN_IF_ERROR(spec.validate(where));
  if (spec.dtype == DType::kF16) {
    return invalid_argument(where, ": fp16 is for constant weights only");
  }
  if (!spec.is_dynamic && spec.qscheme != QScheme::kPerTensorAffine &&
      spec.qscheme != QScheme::kPerTensorSymmetric) {
    return unimplemented(where, ": activations are quantized per tensor (static) or per token ",
                         "(dynamic), not ", qscheme_name(spec.qscheme));
  }
  if (spec.observer == ObserverKind::kPerChannelMinMax ||
      spec.observer == ObserverKind::kPerGroupMinMax) {
    return invalid_argument(where, ": observer ", observer_kind_name(spec.observer),
                            " gives per-channel parameters; activations need a per-tensor one");
  }
  return Status::Ok();
}

class PlanBuilder {
 public:
  PlanBuilder(const ir::Graph& graph, QdqPlan& plan) : graph_(graph), plan_(plan) {}

  Status add_output_spec(const ir::Node& node, int index, const EdgeSpec& spec) {
    const ir::Value* value = node.output(index);
    const std::string where = EdgeRef::output(node.name(), index).to_string();
    EDGEQ_RETURN_IF_ERROR(check_f32(value, where));
    const std::string& name = value->name();
    if (std::holds_alternative<DerivedSpec>(spec)) {
      return invalid_argument(where, ": a derived (bias) spec applies to constant inputs only");
    }
    if (const auto* q = std::get_if<QuantizationSpec>(&spec)) {
      EDGEQ_RETURN_IF_ERROR(check_activation_spec(*q, where));
      if (q->is_dynamic) {
        return invalid_argument(where, ": dynamic specs go on the consumers' input edges");
      }
    }
    EDGEQ_RETURN_IF_ERROR(join(name, spec, /*producer=*/true));
    plan_.producer_quantized.insert(name);
    return Status::Ok();
  }

  Status add_input_spec(const ir::Node& node, int index, const EdgeSpec& spec) {
    const ir::Value* value = node.input(index);
    const std::string where = EdgeRef::input(node.name(), index).to_string();
    if (value == nullptr) return invalid_argument(where, ": spec on an absent input");
    EDGEQ_RETURN_IF_ERROR(check_f32(value, where));
    const InputEdge edge{node.name(), index};
    const auto* q = std::get_if<QuantizationSpec>(&spec);
    if (q != nullptr) EDGEQ_RETURN_IF_ERROR(q->validate(where));
    if (value->is_constant()) {
      if (q != nullptr && q->is_dynamic) {
        return invalid_argument(where, ": constant '", value->name(), "' cannot be dynamic");
      }
      if (const auto* shared = std::get_if<SharedSpec>(&spec)) {
        EDGEQ_ASSIGN_OR_RETURN(const ir::Value* target, value_of(graph_, shared->edge));
        union_.unite(target->name(), value->name());
      }
      plan_.constant_edges.push_back({value->name(), edge, spec});
      return Status::Ok();
    }
    if (std::holds_alternative<DerivedSpec>(spec)) {
      return invalid_argument(where, ": a derived (bias) spec needs a constant, '", value->name(),
                              "' is computed");
    }
    if (q != nullptr) EDGEQ_RETURN_IF_ERROR(check_activation_spec(*q, where));
    if (q != nullptr && q->is_dynamic) {
      plan_.dynamic_edges.push_back({value->name(), edge, *q});
      return Status::Ok();
    }
    EDGEQ_RETURN_IF_ERROR(join(value->name(), spec, /*producer=*/false));
    plan_.static_edges.insert(edge);
    return Status::Ok();
  }

  // Builds the groups; drops (or, when strict, rejects) groups without a concrete spec.
  Status finish(bool strict) {
    std::map<std::string, size_t> group_of_root;
    std::vector<std::vector<std::string>> members;
    for (const std::string& value : union_.order()) {
      const std::string root = union_.find(value);
      auto [it, inserted] = group_of_root.emplace(root, members.size());
      if (inserted) members.emplace_back();
      members[it->second].push_back(value);
    }
    for (const auto& values : members) {
      std::optional<std::variant<QuantizationSpec, FixedSpec>> spec = group_spec(values);
      if (!spec) {
        if (strict) {
          return invalid_argument("value '", values.front(),
                                  "' shares quantization parameters, but no edge of its group ",
                                  "has a QuantizationSpec or FixedSpec to share");
        }
        drop(values);
        continue;
      }
      for (const auto& v : values) plan_.group_of_value[v] = plan_.groups.size();
      plan_.groups.push_back({values.front(), values, *spec});
    }
    return Status::Ok();
  }

 private:
  Status check_f32(const ir::Value* value, const std::string& where) const {
    if (value->dtype() != DType::kF32) {
      return invalid_argument(where, ": only f32 values are quantized, '", value->name(), "' is ",
                              dtype_name(value->dtype()));
    }
    return Status::Ok();
  }

  Status join(const std::string& value, const EdgeSpec& spec, bool producer) {
    union_.add(value);
    Candidates& c = candidates_[value];
    if (const auto* q = std::get_if<QuantizationSpec>(&spec)) {
      auto& slot = producer ? c.producer : c.consumer;
      if (!slot) slot = *q;
    } else if (const auto* f = std::get_if<FixedSpec>(&spec)) {
      if (!c.fixed) c.fixed = *f;
    } else if (const auto* s = std::get_if<SharedSpec>(&spec)) {
      EDGEQ_ASSIGN_OR_RETURN(const ir::Value* target, value_of(graph_, s->edge));
      union_.unite(target->name(), value);
    }
    return Status::Ok();
  }

  std::optional<std::variant<QuantizationSpec, FixedSpec>> group_spec(
      const std::vector<std::string>& values) {
    for (const auto& v : values) {
      if (candidates_[v].fixed) return *candidates_[v].fixed;
    }
    for (const auto& v : values) {
      if (candidates_[v].producer) return *candidates_[v].producer;
    }
    for (const auto& v : values) {
      if (candidates_[v].consumer) return *candidates_[v].consumer;
    }
    return std::nullopt;
  }

  void drop(const std::vector<std::string>& values) {
    const std::set<std::string> dropped(values.begin(), values.end());
    for (const auto& v : values) plan_.producer_quantized.erase(v);
    for (auto it = plan_.static_edges.begin(); it != plan_.static_edges.end();) {
      const ir::Value* input = graph_.find_node(it->first)->input(it->second);
      it = dropped.count(input->name()) ? plan_.static_edges.erase(it) : std::next(it);
    }
    auto& constants = plan_.constant_edges;
    constants.erase(std::remove_if(constants.begin(), constants.end(),
                                   [&](const ConstantEdge& e) {
                                     return std::holds_alternative<SharedSpec>(e.spec) &&
                                            dropped.count(e.value) > 0;
                                   }),
                    constants.end());
  }

  const ir::Graph& graph_;
  QdqPlan& plan_;
  ValueUnion union_;
  std::map<std::string, Candidates> candidates_;
};

}  // namespace

const ActivationGroup* QdqPlan::group_of(const std::string& value) const {
  auto it = group_of_value.find(value);
  return it == group_of_value.end() ? nullptr : &groups[it->second];
}

Result<QdqPlan> build_qdq_plan(const ir::Graph& graph, const Annotations& annotations,
                               bool strict) {
  QdqPlan plan;
  PlanBuilder builder(graph, plan);
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Node*> order, graph.topological_order());
  for (const ir::Node* node : order) {
    const NodeAnnotation* record = annotations.find(node->name());
    if (record == nullptr) continue;
    if (static_cast<int>(record->inputs.size()) > node->num_inputs() ||
        static_cast<int>(record->outputs.size()) > node->num_outputs()) {
      return invalid_argument("annotation of ", node->description(), " has ", record->inputs.size(),
                              " input and ", record->outputs.size(), " output specs for ",
                              node->num_inputs(), " inputs and ", node->num_outputs(), " outputs");
    }
    for (size_t i = 0; i < record->outputs.size(); ++i) {
      if (!record->outputs[i]) continue;
      EDGEQ_RETURN_IF_ERROR(
          builder.add_output_spec(*node, static_cast<int>(i), *record->outputs[i]));
    }
    for (size_t i = 0; i < record->inputs.size(); ++i) {
      if (!record->inputs[i]) continue;
      EDGEQ_RETURN_IF_ERROR(builder.add_input_spec(*node, static_cast<int>(i), *record->inputs[i]));
    }
  }
  for (const auto& name : annotations.nodes()) {
    if (graph.find_node(name.first) == nullptr) {
      return invalid_argument("annotation for node '", name.first, "', which is not in the graph");
    }
  }
  EDGEQ_RETURN_IF_ERROR(builder.finish(strict));
  return plan;
}

}  // namespace edgeq::quantizer
