// QuantSim comparison: runs a float ir::Graph (the reference, on the portable kernels) and a
// program Method (the quantized simulation, or any program made from the same model) side by side
// over a BatchSource, and measures, value by value, how far the program is from the float model.
//
// Values are matched by name (the convert NAMING RULE: the QDQ graph's value X is the dequantized
// simulation of float value X). Compared are the program values that an instruction produces,
// that are f32, and whose name is a non-constant value of the float graph; a delegate call shows
// only its outputs (the values inside its subgraph are not program values). In a fused program
// (ir/passes/qdq_fusion.h) the integer ops write int8/uint8/int16 values named X_quantized: those
// match float value X too, dequantized with the parameters of the op that wrote them (kind
// quantized), unless the program also has X in f32. Outputs are matched by position. Every metric
// streams over the batches (quantsim_metrics.h); nothing is stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantizer/batch_source.h"
#include "quantizer/quantsim_metrics.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/executor/method.h"

namespace edgeq::quantizer {

// How a compared program value was produced.
enum class ValueKind {
  kQuantized,  // a DequantizeLinear kernel call or an integer op's output: a quantized activation
  kDelegate,   // a delegate call's output
  kFloat,      // any other kernel call (a node left float, or the float op after a QDQ pair)
};
const char* value_kind_name(ValueKind kind);  // "quantized", "delegate", "float"

struct ValueComparison {
  std::string name;
  ValueKind kind = ValueKind::kFloat;
  TensorErrorStats stats;
};

struct OutputComparison {
  std::string name;  // the program output's name
  TensorErrorStats stats;
  bool class_scores = false;  // looks_like_class_scores: the top-1 fields are set
  Top1Agreement top1;
  // With labels (class scores only): accuracy of the float model and of the program.
  std::optional<AccuracyCounter> float_accuracy;
  std::optional<AccuracyCounter> program_accuracy;
};

struct QuantSimComparison {
  size_t batches = 0;
  int64_t samples = 0;
  size_t delegate_calls = 0;            // instructions of the program that are delegate calls
  std::vector<ValueComparison> values;  // in program (graph) order
  std::vector<OutputComparison> outputs;

  // Index into `values` of the lowest SQNR, or -1 when there are none.
  int worst_value() const;
};

struct QuantSimCompareOptions {
  size_t max_batches = 0;  // 0: every batch of the source
  // One class index per sample, in source order, for accuracy (empty: none). Must cover every
  // compared sample.
  Span<const int64_t> labels;
};

// `method` must have been created with MethodOptions::keep_intermediate_values (FailedPrecondition
// otherwise) and its inputs must match the graph's by name. Errors name the batch and the value.
Result<QuantSimComparison> compare_graph_with_program(const ir::Graph& float_graph,
                                                      runtime::Method& method,
                                                      const BatchSource& data,
                                                      const QuantSimCompareOptions& options = {});

}  // namespace edgeq::quantizer
