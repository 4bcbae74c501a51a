#include "quantizer/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <sstream>

#include "ir/graph_runner.h"
#include "quantizer/calibrator.h"
#include "quantizer/quantsim_metrics.h"

namespace edgeq::quantizer {
namespace {

// The evaluation subset with the float model's outputs on it, computed once; evaluate() runs a
// converted graph over the same batches and pools the error of all outputs.
class OutputEvaluator {
 public:
  static Result<OutputEvaluator> create(const ir::Graph& float_graph, const BatchSource& data,
                                        size_t max_batches) {
    OutputEvaluator evaluator;
    const size_t count =
        max_batches == 0 ? data.num_batches() : std::min(max_batches, data.num_batches());
    if (count == 0) return invalid_argument("sensitivity analysis: the evaluation data is empty");
    EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<ir::GraphRunner> runner,
                           ir::GraphRunner::create(float_graph));
    for (size_t b = 0; b < count; ++b) {
      Result<Batch> batch = data.batch(b);
      Status status = batch.status();
      if (status.ok()) {
        Result<std::map<std::string, TensorView>> feeds = feeds_for_batch(float_graph, *batch);
        status = feeds.status();
        if (status.ok()) status = runner->run(*feeds);
      }
      if (!status.ok()) return status.with_context(str_cat("float model, evaluation batch ", b));
      Batch reference;
      for (const TensorView& output : runner->outputs()) {
        reference.push_back(BatchTensor::copy_of("", output));
      }
      evaluator.batches_.push_back(std::move(batch).value());
      evaluator.references_.push_back(std::move(reference));
    }
    return evaluator;
  }

  size_t num_batches() const { return batches_.size(); }

  Result<double> evaluate(const ir::Graph& converted) const {
    EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<ir::GraphRunner> runner,
                           ir::GraphRunner::create(converted));
    TensorErrorAccumulator error;
    for (size_t b = 0; b < batches_.size(); ++b) {
      Result<std::map<std::string, TensorView>> feeds = feeds_for_batch(converted, batches_[b]);
      Status status = feeds.status();
      if (status.ok()) status = runner->run(*feeds);
      const std::vector<TensorView> outputs = runner->outputs();
      if (status.ok() && outputs.size() != references_[b].size()) {
        status = invalid_argument("the converted graph has ", outputs.size(),
                                  " outputs, the float graph ", references_[b].size());
      }
      for (size_t o = 0; status.ok() && o < outputs.size(); ++o) {
        status = error.add(references_[b][o].view(), outputs[o]);
        if (!status.ok()) status = status.with_context(str_cat("output ", o));
      }
      if (!status.ok()) return status.with_context(str_cat("evaluation batch ", b));
    }
    return error.stats().sqnr_db;
  }

 private:
  std::vector<Batch> batches_;
  std::vector<Batch> references_;  // the float graph's outputs per batch
};

// Converts with `float_nodes` kept float and evaluates; errors name the set.
Result<double> evaluate_with_float_nodes(const CalibratedModel& model,
                                         const OutputEvaluator& evaluator,
                                         const std::set<std::string>& float_nodes,
                                         ir::Graph* converted_out = nullptr) {
  ConvertOptions options;
  options.keep_float_nodes = float_nodes;
  Result<ir::Graph> converted = convert_model(model, options);
  Result<double> sqnr =
      converted.ok() ? evaluator.evaluate(*converted) : Result<double>(converted.status());
  if (!sqnr.ok()) {
    std::string names;
    for (const std::string& node : float_nodes) names += (names.empty() ? "" : ", ") + node;
    return sqnr.status().with_context(str_cat("with float nodes {", names, "}"));
  }
  if (converted_out != nullptr) *converted_out = std::move(converted).value();
  return sqnr;
}

std::string db_text(double db) {
  if (std::isinf(db)) return db > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", db);
  return text;
}

std::string gain_text(double db, double baseline) {
  if (std::isinf(db) || std::isinf(baseline)) return db_text(db - baseline);
  char text[32];
  std::snprintf(text, sizeof(text), "%+.2f", db - baseline);
  return text;
}

void report_progress(const SensitivityOptions& options, size_t* done, size_t total) {
  ++*done;
  if (options.progress) options.progress(*done, std::max(*done, total));
}

Result<SensitivityReport> analyze_with(const CalibratedModel& model,
                                       const OutputEvaluator& evaluator,
                                       const SensitivityOptions& options, size_t* done,
                                       size_t total) {
  SensitivityReport report;
  report.batches = evaluator.num_batches();
  EDGEQ_ASSIGN_OR_RETURN(report.quantized_sqnr_db, evaluate_with_float_nodes(model, evaluator, {}));
  report_progress(options, done, total);
  for (const std::string& node : quantized_node_names(model)) {
    EDGEQ_ASSIGN_OR_RETURN(double sqnr, evaluate_with_float_nodes(model, evaluator, {node}));
    report.nodes.push_back({node, sqnr});
    report_progress(options, done, total);
  }
  std::stable_sort(report.nodes.begin(), report.nodes.end(),
                   [](const NodeSensitivity& a, const NodeSensitivity& b) {
                     return a.output_sqnr_db > b.output_sqnr_db;
                   });
  return report;
}

}  // namespace

Result<double> output_sqnr_db(const ir::Graph& float_graph, const ir::Graph& converted,
                              const BatchSource& data, size_t max_batches) {
  EDGEQ_ASSIGN_OR_RETURN(OutputEvaluator evaluator,
                         OutputEvaluator::create(float_graph, data, max_batches));
  return evaluator.evaluate(converted);
}

Result<SensitivityReport> analyze_sensitivity(const CalibratedModel& model, const BatchSource& data,
                                              const SensitivityOptions& options) {
  EDGEQ_ASSIGN_OR_RETURN(OutputEvaluator evaluator,
                         OutputEvaluator::create(model.graph, data, options.max_batches));
  size_t done = 0;
  return analyze_with(model, evaluator, options, &done, quantized_node_names(model).size() + 1);
}

Result<FallbackResult> auto_fallback(const CalibratedModel& model, const BatchSource& data,
                                     double target_db, const SensitivityOptions& options) {
  if (std::isnan(target_db)) return invalid_argument("auto-fallback: the target SQNR is NaN");
  EDGEQ_ASSIGN_OR_RETURN(OutputEvaluator evaluator,
                         OutputEvaluator::create(model.graph, data, options.max_batches));
  const size_t candidates = quantized_node_names(model).size();
  const size_t total = 3 * candidates + 1;  // ranking, additions, pruning: an upper bound
  size_t done = 0;
  FallbackResult result;
  result.target_db = target_db;
  EDGEQ_ASSIGN_OR_RETURN(result.sensitivity, analyze_with(model, evaluator, options, &done, total));
  result.quantized_sqnr_db = result.sensitivity.quantized_sqnr_db;
  result.final_sqnr_db = result.quantized_sqnr_db;
  result.reached = result.quantized_sqnr_db >= target_db;
  const size_t limit = options.max_float_nodes == 0 ? candidates : options.max_float_nodes;
  std::set<std::string> chosen;
  for (size_t i = 0; !result.reached && i < result.sensitivity.nodes.size() && i < limit; ++i) {
    const std::string& node = result.sensitivity.nodes[i].node;
    chosen.insert(node);
    result.float_nodes.push_back(node);
    EDGEQ_ASSIGN_OR_RETURN(result.final_sqnr_db,
                           evaluate_with_float_nodes(model, evaluator, chosen));
    result.steps.push_back({node, result.final_sqnr_db});
    result.reached = result.final_sqnr_db >= target_db;
    report_progress(options, &done, total);
  }
  // Drop chosen nodes the target does not need, least sensitive first.
  for (size_t i = result.float_nodes.size(); result.reached && i-- > 0;) {
    std::set<std::string> without = chosen;
    without.erase(result.float_nodes[i]);
    EDGEQ_ASSIGN_OR_RETURN(double sqnr, evaluate_with_float_nodes(model, evaluator, without));
    report_progress(options, &done, total);
    if (sqnr < target_db) continue;
    chosen = std::move(without);
    result.float_nodes.erase(result.float_nodes.begin() + static_cast<std::ptrdiff_t>(i));
    result.final_sqnr_db = sqnr;
  }
  ConvertOptions convert_options;
  convert_options.keep_float_nodes = chosen;
  EDGEQ_ASSIGN_OR_RETURN(result.graph, convert_model(model, convert_options));
  return result;
}

std::string format_sensitivity_report(const SensitivityReport& report) {
  std::ostringstream out;
  out << "sensitivity over " << report.batches << " batch(es): output SQNR "
      << db_text(report.quantized_sqnr_db) << " dB with every node quantized\n";
  char line[256];
  std::snprintf(line, sizeof(line), "  %4s  %-40s %18s %10s\n", "rank", "node kept float",
                "output SQNR (dB)", "gain (dB)");
  out << line;
  for (size_t i = 0; i < report.nodes.size(); ++i) {
    const NodeSensitivity& node = report.nodes[i];
    std::snprintf(line, sizeof(line), "  %4zu  %-40s %18s %10s\n", i + 1, node.node.c_str(),
                  db_text(node.output_sqnr_db).c_str(),
                  gain_text(node.output_sqnr_db, report.quantized_sqnr_db).c_str());
    out << line;
  }
  return out.str();
}

std::string format_fallback_result(const FallbackResult& result) {
  std::ostringstream out;
  out << "auto-fallback to " << db_text(result.target_db) << " dB: ";
  if (result.reached) {
    out << "reached with " << result.float_nodes.size() << " node(s) kept float";
  } else {
    out << "cannot reach the target; with the " << result.float_nodes.size()
        << " most sensitive node(s) kept float";
  }
  out << " (output SQNR " << db_text(result.quantized_sqnr_db) << " -> "
      << db_text(result.final_sqnr_db) << " dB)\n";
  for (const std::string& node : result.float_nodes) out << "  float: " << node << "\n";
  for (size_t i = 0; i < result.steps.size(); ++i) {
    out << "  step " << i + 1 << ": + " << result.steps[i].node << " -> "
        << db_text(result.steps[i].output_sqnr_db) << " dB\n";
  }
  return out.str();
}

}  // namespace edgeq::quantizer
