#include "quantizer/calibrator.h"

#include <memory>

#include "ir/graph_runner.h"

namespace edgeq::quantizer {
namespace {

// Shows `tensor` to every observer of `name` (if any).
Status observe_value(const ObserverMap& observers, const std::string& name,
                     const TensorView& tensor) {
  auto found = observers.find(name);
  if (found == observers.end()) return Status::Ok();
  for (Observer* observer : found->second) {
    Status observed = observer->observe(tensor);
    if (!observed.ok()) {
      return observed.with_context(
          str_cat("observer ", observer_kind_name(observer->kind()), " of value '", name, "'"));
    }
  }
  return Status::Ok();
}

Status check_observed_values(const ir::Graph& graph, const ObserverMap& observers) {
  for (const auto& [name, list] : observers) {
    if (graph.find_value(name) == nullptr) {
      return invalid_argument("calibration: observed value '", name, "' is not in the graph");
    }
    for (const Observer* observer : list) {
      if (observer == nullptr) {
        return invalid_argument("calibration: value '", name, "' has a null observer");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::map<std::string, TensorView>> feeds_for_batch(const ir::Graph& graph,
                                                          const Batch& batch) {
  std::map<std::string, TensorView> feeds;
  const bool named = !batch.empty() && !batch.front().name.empty();
  if (!named && batch.size() != graph.inputs().size()) {
    return invalid_argument("batch has ", batch.size(), " tensors for ", graph.inputs().size(),
                            " graph inputs");
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    const BatchTensor& tensor = batch[i];
    if (tensor.name.empty() == named) {
      return invalid_argument("batch tensor ", i, " is ", named ? "unnamed" : "named",
                              " while tensor 0 is not: name all tensors or none");
    }
    const std::string& name = named ? tensor.name : graph.inputs()[i]->name();
    if (!feeds.emplace(name, tensor.view()).second) {
      return invalid_argument("batch feeds graph input '", name, "' twice");
    }
  }
  return feeds;
}

Status calibrate(const ir::Graph& graph, const ObserverMap& observers, const BatchSource& batches,
                 const CalibrationProgress& progress) {
  EDGEQ_RETURN_IF_ERROR(check_observed_values(graph, observers));
  const size_t total = batches.num_batches();
  if (total == 0) return invalid_argument("calibration: the data source has no batches");
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<ir::GraphRunner> runner, ir::GraphRunner::create(graph));
  for (const auto& [name, list] : observers) {
    const ir::Value* value = graph.find_value(name);
    if (!value->is_constant()) continue;
    Status observed = observe_value(observers, name, value->view());
    if (!observed.ok()) return observed.with_context("calibration (constants)");
  }
  if (progress) progress(0, total);
  const ir::ValueCallback on_value = [&observers](const std::string& name,
                                                  const TensorView& tensor) {
    return observe_value(observers, name, tensor);
  };
  for (size_t i = 0; i < total; ++i) {
    const std::string context = str_cat("calibration batch ", i);
    Result<Batch> batch = batches.batch(i);
    if (!batch.ok()) return batch.status().with_context(context);
    Result<std::map<std::string, TensorView>> feeds = feeds_for_batch(graph, *batch);
    if (!feeds.ok()) return feeds.status().with_context(context);
    Status ran = runner->run(*feeds, on_value);
    if (!ran.ok()) return ran.with_context(context);
    if (progress) progress(i + 1, total);
  }
  return Status::Ok();
}

}  // namespace edgeq::quantizer
