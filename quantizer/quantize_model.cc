#include "quantizer/quantize_model.h"

#include "ir/passes/passes.h"
#include "quantizer/convert.h"
#include "quantizer/qdq_plan.h"

namespace edgeq::quantizer {
namespace {

// Activation parameters for every value of `plan`'s groups, from the observers of `model`.
Result<ActivationParams> activation_params(const CalibratedModel& model, const QdqPlan& plan) {
  ActivationParams params;
  for (const ActivationGroup& group : plan.groups) {
    QuantParams p;
    if (const auto* fixed = std::get_if<FixedSpec>(&group.spec)) {
      p = fixed_params(*fixed);
    } else {
      auto it = model.observer_of_value.find(group.key);
      if (it == model.observer_of_value.end()) {
        return internal_error("value '", group.key, "' was not observed during calibration");
      }
      const QuantizationSpec& spec = std::get<QuantizationSpec>(group.spec);
      Result<QuantParams> computed = model.observers[it->second]->compute(range_spec_of(spec));
      if (!computed.ok()) {
        return computed.status().with_context(str_cat("activation '", group.key, "'"));
      }
      p = std::move(computed).value();
    }
    for (const std::string& value : group.values) params[value] = p;
  }
  return params;
}

}  // namespace

CalibratedModel CalibratedModel::clone() const {
  CalibratedModel copy;
  copy.graph = graph.clone();
  copy.annotations = annotations;
  for (const auto& observer : observers) copy.observers.push_back(observer->clone());
  copy.observer_of_value = observer_of_value;
  copy.num_batches = num_batches;
  return copy;
}

Result<CalibratedModel> calibrate_model(ir::Graph float_graph, const Quantizer& quantizer,
                                        const BatchSource& batches,
                                        const CalibrationProgress& progress) {
  CalibratedModel model;
  model.graph = std::move(float_graph);
  Status passes = ir::run_default_passes(model.graph);
  if (!passes.ok()) return passes.with_context("preparing the float graph");
  EDGEQ_ASSIGN_OR_RETURN(model.annotations, quantizer.annotate(model.graph));
  EDGEQ_ASSIGN_OR_RETURN(QdqPlan plan, build_qdq_plan(model.graph, model.annotations, true));
  ObserverMap observer_map;
  for (const ActivationGroup& group : plan.groups) {
    // Fixed groups get an observer too: a convert that keeps the fixed-range node float may
    // leave the value quantized by a consumer's observed spec.
    const auto* spec = std::get_if<QuantizationSpec>(&group.spec);
    ObserverOptions options;
    options.name = group.key;
    EDGEQ_ASSIGN_OR_RETURN(
        std::unique_ptr<Observer> observer,
        make_observer(spec != nullptr ? spec->observer : ObserverKind::kMinMax, options));
    for (const std::string& value : group.values) {
      model.observer_of_value[value] = model.observers.size();
      observer_map[value].push_back(observer.get());
    }
    model.observers.push_back(std::move(observer));
  }
  if (observer_map.empty()) return model;
  if (batches.num_batches() == 0) {
    return invalid_argument("'", quantizer.description(),
                            "' quantizes activations statically: calibration data is needed");
  }
  EDGEQ_RETURN_IF_ERROR(calibrate(model.graph, observer_map, batches, progress));
  model.num_batches = batches.num_batches();
  return model;
}

Result<ir::Graph> convert_model(const CalibratedModel& model, const ConvertOptions& options) {
  Annotations annotations;
  for (const std::string& name : options.keep_float_nodes) {
    if (model.graph.find_node(name) == nullptr) {
      return invalid_argument("keep_float_nodes names '", name, "', which is no node of the graph");
    }
  }
  for (const auto& [name, record] : model.annotations.nodes()) {
    if (options.keep_float_nodes.count(name)) continue;
    EDGEQ_ASSIGN_OR_RETURN(
        NodeAnnotation * copy,
        annotations.claim(name, record.pattern, static_cast<int>(record.inputs.size()),
                          static_cast<int>(record.outputs.size())));
    *copy = record;
  }
  EDGEQ_ASSIGN_OR_RETURN(QdqPlan plan, build_qdq_plan(model.graph, annotations, false));
  EDGEQ_ASSIGN_OR_RETURN(ActivationParams params, activation_params(model, plan));
  return convert_to_qdq(model.graph, plan, params);
}

std::vector<std::string> quantized_node_names(const CalibratedModel& model) {
  std::vector<std::string> names;
  Result<std::vector<ir::Node*>> order = model.graph.topological_order();
  if (!order.ok()) return names;
  for (const ir::Node* node : *order) {
    const NodeAnnotation* record = model.annotations.find(node->name());
    if (record != nullptr && record->has_any_spec()) names.push_back(node->name());
  }
  return names;
}

}  // namespace edgeq::quantizer
