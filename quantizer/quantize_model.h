// The quantization pipeline in two calls (PT2E's prepare/calibrate + convert):
//
//   EDGEQ_ASSIGN_OR_RETURN(auto quantizer, XnnpackQuantizer::from_preset(XnnpackScheme::kW8A8));
//   EDGEQ_ASSIGN_OR_RETURN(CalibratedModel model,
//                          calibrate_model(std::move(float_graph), quantizer, batches, progress));
//   EDGEQ_ASSIGN_OR_RETURN(ir::Graph qdq, convert_model(model));
//
// calibrate_model runs the IR's default passes (BatchNorm folding before any weight is observed,
// constant folding, shape inference), annotates with the quantizer, creates one observer per
// static activation group (quantizer/qdq_plan.h) and runs the float graph over the batches.
// convert_model turns what the observers saw into parameters and rewrites the graph into QDQ form
// (quantizer/convert.h for what is inserted and the NAMING RULE). It does not change the
// CalibratedModel and may run many times, e.g. once per node kept float (sensitivity analysis).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantizer/batch_source.h"
#include "quantizer/calibrator.h"
#include "quantizer/observers/observer.h"
#include "quantizer/quantization_spec.h"
#include "quantizer/quantizer.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

struct CalibratedModel {
  ir::Graph graph;          // the float graph after the default passes (typed, verified)
  Annotations annotations;  // what the quantizer asked for
  // One observer per static activation group; observer_of_value maps each member value (and
  // constant member) to its observer's index.
  std::vector<std::unique_ptr<Observer>> observers;
  std::map<std::string, size_t> observer_of_value;
  size_t num_batches = 0;  // calibration batches seen

  // A deep copy (graph, annotations and observer state).
  CalibratedModel clone() const;
};

// Prepares, annotates and calibrates `float_graph`. `batches` may be empty when nothing needs
// calibration (weight-only, fp16 and dynamic schemes); otherwise an empty source is an
// InvalidArgument. Errors name the pass, node, value or batch that failed.
Result<CalibratedModel> calibrate_model(ir::Graph float_graph, const Quantizer& quantizer,
                                        const BatchSource& batches,
                                        const CalibrationProgress& progress = nullptr);

struct ConvertOptions {
  // Nodes whose own annotation is dropped: their weights and bias stay float and the specs they
  // put on their input and output edges are gone (a value stays quantized when another node's
  // annotation still asks for it). An unknown node name is an InvalidArgument.
  std::set<std::string> keep_float_nodes;
};

// The QDQ graph for `model` (typed and verified). Errors name the node or value.
Result<ir::Graph> convert_model(const CalibratedModel& model, const ConvertOptions& options = {});

// The nodes of `model` that convert_model would quantize (claimed by a pattern and with at least
// one spec), in graph order: the candidates for keep_float_nodes.
std::vector<std::string> quantized_node_names(const CalibratedModel& model);

}  // namespace edgeq::quantizer
