#include "quantizer/quantsim_compare.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "ir/graph_runner.h"
#include "ir/passes/qdq_fusion.h"
#include "quantizer/calibrator.h"
#include "runtime/kernels/quantize_util.h"

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

// Where an integer program value's quantization parameters are: program value indices of its
// scale and zero point (-1: absent, meaning 0).
struct IntegerParams {
  int32_t scale = -1;
  int32_t zero_point = -1;
};

ValueKind kind_of(const ProgramInstruction& instruction) {
  if (instruction.kind == InstructionKind::kDelegateCall) return ValueKind::kDelegate;
  return instruction.op == OpType::kDequantizeLinear ? ValueKind::kQuantized : ValueKind::kFloat;
}

// The input index of the output scale of an op that writes a quantized tensor (the zero point
// follows it); -1 for other ops.
int output_scale_input(OpType op) {
  switch (op) {
    case OpType::kQuantizeLinear:
      return 1;
    case OpType::kQLinearAveragePool:
    case OpType::kQLinearGlobalAveragePool:
    case OpType::kQLinearSigmoid:
    case OpType::kQLinearLeakyRelu:
      return 3;
    case OpType::kQLinearConv:
    case OpType::kQLinearMatMul:
    case OpType::kQLinearAdd:
    case OpType::kQLinearMul:
      return 6;
    default:
      return -1;
  }
}

// The per-tensor parameters of the integer value `index`, found at the kernel call producing it
// (through value-moving ops); nullopt when unknown or not per tensor.
std::optional<IntegerParams> integer_params(const runtime::Program& program,
                                            const std::vector<int32_t>& producer, int32_t index) {
  const auto& values = program.values();
  const auto& instructions = program.instructions();
  while (index >= 0 && producer[index] >= 0) {
    const ProgramInstruction& instruction = instructions[producer[index]];
    if (instruction.kind != InstructionKind::kKernelCall) return std::nullopt;
    if (ir::moves_values_only(instruction.op)) {
      index = instruction.inputs.empty() ? -1 : instruction.inputs[0];
      continue;
    }
    const int scale_input = output_scale_input(instruction.op);
    if (scale_input < 0 || static_cast<int>(instruction.inputs.size()) <= scale_input) break;
    IntegerParams params;
    params.scale = instruction.inputs[scale_input];
    if (static_cast<int>(instruction.inputs.size()) > scale_input + 1) {
      params.zero_point = instruction.inputs[scale_input + 1];
    }
    const ProgramValue& scale = values[params.scale];
    if (!scale.is_constant() || scale.dtype != DType::kF32 || scale.shape.numel() != 1) break;
    if (params.zero_point >= 0 && (!values[params.zero_point].is_constant() ||
                                   values[params.zero_point].shape.numel() != 1)) {
      break;
    }
    return params;
  }
  return std::nullopt;
}

// "X_quantized" -> "X" when X is a non-constant value of the float graph (the convert naming).
const ir::Value* float_value_of_quantized(const ir::Graph& graph, const std::string& name) {
  static const std::string kSuffix = "_quantized";
  if (name.size() <= kSuffix.size() ||
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return nullptr;
  }
  const ir::Value* value = graph.find_value(name.substr(0, name.size() - kSuffix.size()));
  return value == nullptr || value->is_constant() ? nullptr : value;
}

// The program values to compare, in instruction order, with their kinds; and how many
// instructions are delegate calls. f32 values match the float value of their name; integer values
// named X_quantized whose parameters are known match float value X (compared dequantized; kind
// quantized), which is how the integer ops of a fused program (ir/passes/qdq_fusion.h) show.
std::vector<ValueComparison> matched_values(const ir::Graph& graph, const Method& method,
                                            std::vector<int32_t>* program_indices,
                                            std::vector<std::optional<IntegerParams>>* params,
                                            size_t* delegate_calls) {
  std::vector<ValueComparison> values;
  const runtime::Program& program = method.program();
  const auto& declared = program.values();
  std::vector<int32_t> producer(declared.size(), -1);
  for (size_t i = 0; i < program.instructions().size(); ++i) {
    for (int32_t index : program.instructions()[i].outputs)
      producer[index] = static_cast<int32_t>(i);
  }
  // A value X that the program also has in f32 (a DequantizeLinear output) is compared as such.
  std::set<std::string> float_names;
  for (const ProgramValue& value : declared) {
    if (value.dtype == DType::kF32) float_names.insert(value.name);
  }
  for (const ProgramInstruction& instruction : program.instructions()) {
    if (instruction.kind == InstructionKind::kDelegateCall) ++*delegate_calls;
    for (int32_t index : instruction.outputs) {
      const ProgramValue& value = declared[index];
      if (value.dtype == DType::kI8 || value.dtype == DType::kU8 || value.dtype == DType::kI16) {
        const ir::Value* float_value = float_value_of_quantized(graph, value.name);
        if (float_value == nullptr || float_names.count(float_value->name()) > 0) continue;
        std::optional<IntegerParams> found = integer_params(program, producer, index);
        if (!found) continue;
        values.push_back({float_value->name(), ValueKind::kQuantized, {}});
        program_indices->push_back(index);
        params->push_back(found);
        continue;
      }
      const ir::Value* float_value = graph.find_value(value.name);
      if (value.dtype != DType::kF32 || float_value == nullptr || float_value->is_constant()) {
        continue;
      }
      values.push_back({value.name, kind_of(instruction), {}});
      program_indices->push_back(index);
      params->push_back(std::nullopt);
    }
  }
  return values;
}

// An integer program value as floats: (q - zero_point) * scale, as DequantizeLinear computes.
std::vector<float> dequantize(const Method& method, const TensorView& tensor,
                              const IntegerParams& params) {
  const float scale = method.value(params.scale).data_as<const float>()[0];
  int32_t zero_point = 0;
  if (params.zero_point >= 0) {
    const TensorView zp = method.value(params.zero_point);
    runtime::visit_quantized_dtype(
        zp.dtype, [&](auto access) { zero_point = decltype(access)::load(zp.data, 0); });
  }
  std::vector<float> out(static_cast<size_t>(tensor.numel()));
  runtime::visit_quantized_dtype(tensor.dtype, [&](auto access) {
    for (size_t i = 0; i < out.size(); ++i) {
      const int32_t q = decltype(access)::load(tensor.data, static_cast<int64_t>(i));
      out[i] = static_cast<float>(q - zero_point) * scale;
    }
  });
  return out;
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
  std::vector<std::optional<IntegerParams>> integer_values;
  result.values = matched_values(float_graph, method, &program_indices, &integer_values,
                                 &result.delegate_calls);
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
      const size_t v = slot->second;
      const TensorView program_value = method.value(program_indices[v]);
      Status added;
      if (integer_values[v]) {
        const std::vector<float> dequantized =
            dequantize(method, program_value, *integer_values[v]);
        if (tensor.dtype != DType::kF32 || tensor.numel() != program_value.numel()) {
          added = invalid_argument("float ", tensor.to_string(), " vs integer ",
                                   program_value.to_string());
        } else {
          added = value_errors[v].add(
              Span<const float>(tensor.data_as<const float>(), dequantized.size()),
              Span<const float>(dequantized));
        }
      } else {
        added = value_errors[v].add(tensor, program_value);
      }
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
