// Sensitivity analysis and automatic float fallback (QuantSim, like AIMET's per-layer analysis).
//
// Sensitivity of a quantized node: the SQNR of the model outputs (all graph outputs pooled, the
// float graph as reference) when only that node is kept float: convert_model(model,
// {keep_float_nodes = {node}}) run on the portable kernels over an evaluation subset. The higher
// that SQNR compared with the fully quantized model's, the more the node's quantization hurts.
// One CalibratedModel is converted many times; nothing is calibrated again.
//
// auto_fallback(target): keeps the fewest most sensitive nodes float until the output SQNR
// reaches the target. Greedy: nodes are added in sensitivity order, the set is evaluated after
// each addition, and once the target is reached, chosen nodes whose removal still meets the target
// are dropped again (least sensitive first). It reports that the target cannot be reached when
// even max_float_nodes nodes kept float (or all of them) are not enough.
//
// Use from `edgeq quantize` (tools/quantize_command.cc):
//   --sensitivity       analyze_sensitivity(...), print format_sensitivity_report(report)
//   --auto-fallback DB  auto_fallback(..., DB, ...); print format_fallback_result(result); on
//                       success write result.graph (the converted graph with result.float_nodes
//                       kept float); when !result.reached, fail with the formatted text (the
//                       best graph found is still in result.graph).
// The evaluation data is any BatchSource (e.g. the calibration source; options.max_batches
// bounds the cost: every evaluation runs that many batches).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantizer/batch_source.h"
#include "quantizer/quantize_model.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

struct SensitivityOptions {
  // Batches of the evaluation source used by every evaluation (the first ones; 0: all).
  size_t max_batches = 4;
  // auto_fallback: at most this many nodes kept float (0: no limit).
  size_t max_float_nodes = 0;
  // Called after every evaluation (one conversion + run over the subset): done of at most
  // `total` evaluations (auto_fallback's total is an upper bound).
  std::function<void(size_t done, size_t total)> progress;
};

struct NodeSensitivity {
  std::string node;           // the quantized node kept float
  double output_sqnr_db = 0;  // model-output SQNR with only this node float
};

struct SensitivityReport {
  double quantized_sqnr_db = 0;  // every annotated node quantized
  size_t batches = 0;            // batches evaluated per conversion
  // Every node of quantized_node_names(model), most sensitive first (highest output_sqnr_db;
  // graph order on ties).
  std::vector<NodeSensitivity> nodes;
};

// The model-output SQNR of `converted` against `float_graph` over the first `max_batches` batches
// of `data` (0: all). Errors name the batch and the output.
Result<double> output_sqnr_db(const ir::Graph& float_graph, const ir::Graph& converted,
                              const BatchSource& data, size_t max_batches);

Result<SensitivityReport> analyze_sensitivity(const CalibratedModel& model, const BatchSource& data,
                                              const SensitivityOptions& options = {});

struct FallbackStep {
  std::string node;           // node added to the float set
  double output_sqnr_db = 0;  // output SQNR with every node up to this one float
};

struct FallbackResult {
  double target_db = 0;
  bool reached = false;
  double quantized_sqnr_db = 0;          // nothing kept float
  double final_sqnr_db = 0;              // with float_nodes kept float
  std::vector<std::string> float_nodes;  // the chosen set, most sensitive first
  std::vector<FallbackStep> steps;       // the greedy additions, in order (before pruning)
  SensitivityReport sensitivity;         // the ranking used
  ir::Graph graph;                       // convert_model with float_nodes kept float
};

Result<FallbackResult> auto_fallback(const CalibratedModel& model, const BatchSource& data,
                                     double target_db, const SensitivityOptions& options = {});

// Human-readable tables ("node  SQNR if float  gain"), one node per line; SQNR printed as "inf"
// when infinite.
std::string format_sensitivity_report(const SensitivityReport& report);
std::string format_fallback_result(const FallbackResult& result);

}  // namespace edgeq::quantizer
