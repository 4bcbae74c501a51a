#include "quantizer/quantsim_compare.h"

#include <algorithm>
#include <map>
#include <memory>

#include "ir/graph_runner.h"
#include "quantizer/calibrator.h"

namespace edgeq::quantizer {
namespace {

using runtime::InstructionKind;
using runtime::Method;
using runtime::ProgramInstruction;
using runtime::ProgramValue;

struct MatchedValue {
  int32_t program_index = 0;
  TensorErrorAccumulator accumulator;
};

ValueKind kind_of(const ProgramInstruction& instruction) {
  if (instruction.kind == InstructionKind::kDelegateCall) return ValueKind::kDelegate;
  return instruction.op == OpType::kDequantizeLinear ? ValueKind::kQuantized : ValueKind::kFloat;
}

// The program values to compare, in instruction order, with their kinds; and how many
// instructions are delegate calls.
std::vector<ValueComparison> matched_values(const ir::Graph& graph, const Method& method,
                                            std::vector<int32_t>* program_indices,
                                            size_t* delegate_calls) {
  std::vector<ValueComparison> values;
  const auto& declared = method.program().values();
  for (const ProgramInstruction& instruction : method.program().instructions()) {
    if (instruction.kind == InstructionKind::kDelegateCall) ++*delegate_calls;
    for (int32_t index : instruction.outputs) {
      const ProgramValue& value = declared[index];
      const ir::Value* float_value = graph.find_value(value.name);
      if (value.dtype != DType::kF32 || float_value == nullptr || float_value->is_constant()) {
        continue;
      }
      values.push_back({value.name, kind_of(instruction), {}});
      program_indices->push_back(index);
    }
  }
  return values;
}

int64_t samples_of(const Batch& batch) {
  return batch.empty() || batch[0].shape.rank() == 0 ? 1 : batch[0].shape[0];
}

Status set_method_inputs(Method& method, const std::map<std::string, TensorView>& feeds) {
  for (size_t i = 0; i < method.num_inputs(); ++i) {
    const auto feed = feeds.find(method.input_name(i));
    if (feed == feeds.end()) {
      return invalid_argument("program input '", method.input_name(i),
                              "' is not an input of the float model");
    }
    EDGEQ_RETURN_IF_ERROR(method.set_input(i, feed->second));
  }
  return Status::Ok();
}

Status compare_outputs(const std::vector<TensorView>& reference, const Method& method,
                       Span<const int64_t> labels, std::vector<OutputComparison>* outputs,
                       std::vector<TensorErrorAccumulator>* accumulators) {
  for (size_t o = 0; o < outputs->size(); ++o) {
    OutputComparison& output = (*outputs)[o];
    const TensorView program_output = method.output(o);
    Status status = (*accumulators)[o].add(reference[o], program_output);
    if (status.ok() && output.class_scores) {
      status = output.top1.add(reference[o], program_output);
      if (status.ok() && output.float_accuracy)
        status = output.float_accuracy->add(reference[o], labels);
      if (status.ok() && output.program_accuracy) {
        status = output.program_accuracy->add(program_output, labels);
      }
    }
    if (!status.ok()) return status.with_context(str_cat("output '", output.name, "'"));
  }
  return Status::Ok();
}

}  // namespace

const char* value_kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kQuantized:
      return "quantized";
    case ValueKind::kDelegate:
      return "delegate";
    case ValueKind::kFloat:
      return "float";
  }
  return "?";
}

int QuantSimComparison::worst_value() const {
  if (values.empty()) return -1;
  const auto worst = std::min_element(
      values.begin(), values.end(),
      [](const auto& a, const auto& b) { return a.stats.sqnr_db < b.stats.sqnr_db; });
  return static_cast<int>(worst - values.begin());
}

Result<QuantSimComparison> compare_graph_with_program(const ir::Graph& float_graph, Method& method,
                                                      const BatchSource& data,
                                                      const QuantSimCompareOptions& options) {
  if (!method.keeps_intermediate_values()) {
    return failed_precondition(
        "QuantSim comparison needs a Method created with keep_intermediate_values");
  }
  if (float_graph.outputs().size() != method.num_outputs()) {
    return invalid_argument("the float model has ", float_graph.outputs().size(),
                            " outputs but the program has ", method.num_outputs());
  }
  QuantSimComparison result;
  std::vector<int32_t> program_indices;
  result.values = matched_values(float_graph, method, &program_indices, &result.delegate_calls);
  std::map<std::string, size_t> slot_of;
  for (size_t v = 0; v < result.values.size(); ++v) slot_of[result.values[v].name] = v;
  std::vector<TensorErrorAccumulator> value_errors(result.values.size());
  std::vector<TensorErrorAccumulator> output_errors(method.num_outputs());
  for (size_t o = 0; o < method.num_outputs(); ++o) {
    OutputComparison output;
    output.name = method.output_name(o);
    output.class_scores = looks_like_class_scores(method.output_info(o).shape);
    if (output.class_scores && !options.labels.empty()) {
      output.float_accuracy.emplace();
      output.program_accuracy.emplace();
    }
    result.outputs.push_back(std::move(output));
  }

  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<ir::GraphRunner> runner,
                         ir::GraphRunner::create(float_graph));
  const size_t batches = options.max_batches == 0
                             ? data.num_batches()
                             : std::min(options.max_batches, data.num_batches());
  for (size_t b = 0; b < batches; ++b) {
    auto with_batch = [b](const Status& status) {
      return status.with_context(str_cat("comparison batch ", b));
    };
    Result<Batch> batch = data.batch(b);
    if (!batch.ok()) return with_batch(batch.status());
    Result<std::map<std::string, TensorView>> feeds = feeds_for_batch(float_graph, *batch);
    if (!feeds.ok()) return with_batch(feeds.status());
    const int64_t samples = samples_of(*batch);
    Span<const int64_t> labels;
    if (!options.labels.empty()) {
      if (static_cast<size_t>(result.samples + samples) > options.labels.size()) {
        return with_batch(invalid_argument("only ", options.labels.size(), " labels for at least ",
                                           result.samples + samples, " samples"));
      }
      labels =
          options.labels.subspan(static_cast<size_t>(result.samples), static_cast<size_t>(samples));
    }
    Status status = set_method_inputs(method, *feeds);
    if (status.ok()) status = method.execute();
    if (!status.ok()) return with_batch(status.with_context("program"));
    // The program ran first and kept every value; each float value is compared as it is made.
    auto on_value = [&](const std::string& name, const TensorView& tensor) -> Status {
      const auto slot = slot_of.find(name);
      if (slot == slot_of.end()) return Status::Ok();
      const Status added =
          value_errors[slot->second].add(tensor, method.value(program_indices[slot->second]));
      return added.ok() ? added : added.with_context(str_cat("value '", name, "'"));
    };
    status = runner->run(*feeds, on_value);
    if (status.ok()) {
      status = compare_outputs(runner->outputs(), method, labels, &result.outputs, &output_errors);
    }
    if (!status.ok()) return with_batch(status);
    result.samples += samples;
    ++result.batches;
  }
  for (size_t v = 0; v < result.values.size(); ++v)
    result.values[v].stats = value_errors[v].stats();
  for (size_t o = 0; o < result.outputs.size(); ++o) {
    result.outputs[o].stats = output_errors[o].stats();
  }
  return result;
}

}  // namespace edgeq::quantizer
