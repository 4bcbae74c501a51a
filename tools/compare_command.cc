// edgeq compare model.onnx model.eqp --data DATA [--labels y.npy] [--limit N] [--batch N] [--json]
//   [--svg chart.svg] [--target DB]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "importer/onnx/onnx_importer.h"
#include "quantizer/calibration_data.h"
#include "quantizer/quantsim_compare.h"
#include "quantizer/sqnr_chart_svg.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tools/commands.h"
#include "tools/file_io.h"
#include "tools/json_writer.h"
#include "tools/npy.h"

namespace edgeq::tools {
namespace {

using quantizer::OutputComparison;
using quantizer::QuantSimComparison;
using quantizer::TensorErrorStats;
using quantizer::ValueComparison;

constexpr int64_t kDefaultBatch = 32;

std::string db_text(double db) {
  if (std::isinf(db)) return db > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", db);
  return text;
}

std::string percent(int64_t part, int64_t whole) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
  return text;
}

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Labels from a .npy of integers, one per sample (any shape; read in order).
Result<std::vector<int64_t>> read_labels(const std::string& path) {
  EDGEQ_ASSIGN_OR_RETURN(NpyArray array, read_npy(path));
  const TensorView view = array.view();
  std::vector<int64_t> labels(static_cast<size_t>(view.numel()));
  for (size_t i = 0; i < labels.size(); ++i) {
    switch (view.dtype) {
      case DType::kI64:
        labels[i] = view.data_as<const int64_t>()[i];
        break;
      case DType::kI32:
        labels[i] = view.data_as<const int32_t>()[i];
        break;
      case DType::kI16:
        labels[i] = view.data_as<const int16_t>()[i];
        break;
      case DType::kU8:
        labels[i] = view.data_as<const uint8_t>()[i];
        break;
      case DType::kI8:
        labels[i] = view.data_as<const int8_t>()[i];
        break;
      default:
        return invalid_argument(path, ": labels must be integers (i64, i32, i16, u8 or i8), not ",
                                dtype_name(view.dtype));
    }
  }
  return labels;
}

// The batch size both sides run at: the program's, unless its batch dimension is symbolic.
Result<int64_t> batch_size(const runtime::Method& method, const ParsedArgs& args) {
  if (method.num_inputs() == 0) return invalid_argument("the program has no inputs");
  const runtime::ProgramValue& input = method.input_info(0);
  if (input.symbolic_batch) return args.positive_int("--batch", kDefaultBatch);
  if (input.shape.rank() == 0) return int64_t{1};
  if (args.has("--batch") && args.positive_int("--batch", 0) != input.shape[0]) {
    return invalid_argument("--batch ", args.positive_int("--batch", 0), ": the program's batch ",
                            "size is fixed at ", input.shape[0]);
  }
  return input.shape[0];
}

// "SQNR" (dB, or "inf") as JSON: a number, or the string "inf" / "-inf".
void add_db(JsonObject& object, const std::string& key, double db) {
  if (std::isfinite(db)) {
    object.add(key, db);
  } else {
    object.add(key, db_text(db));
  }
}

void add_stats(JsonObject& object, const TensorErrorStats& stats) {
  add_db(object, "sqnr_db", stats.sqnr_db);
  object.add("cosine", stats.cosine);
  object.add("max_abs_error", stats.max_abs_error);
  object.add("mean_abs_error", stats.mean_abs_error);
  object.add("elements", stats.count);
}

std::string json_array(const std::vector<JsonObject>& items) {
  std::string text = "[";
  for (size_t i = 0; i < items.size(); ++i) text += (i == 0 ? "" : ", ") + items[i].to_string();
  return text + "]";
}

std::string delegate_note(const QuantSimComparison& result) {
  return str_cat("the program has ", result.delegate_calls,
                 " delegate call(s): values inside delegated subgraphs are not visible, only "
                 "values at instruction boundaries are compared");
}

std::string to_json(const QuantSimComparison& result, const ParsedArgs& args) {
  JsonObject summary;
  summary.add("model", args.positionals()[0]);
  summary.add("program", args.positionals()[1]);
  summary.add("batches", static_cast<uint64_t>(result.batches));
  summary.add("samples", result.samples);
  summary.add("delegate_calls", static_cast<uint64_t>(result.delegate_calls));
  if (result.delegate_calls > 0) summary.add("note", delegate_note(result));
  const int worst = result.worst_value();
  if (worst >= 0) summary.add("worst_value", result.values[worst].name);
  std::vector<JsonObject> values;
  for (const ValueComparison& value : result.values) {
    JsonObject item;
    item.add("name", value.name);
    item.add("kind", quantizer::value_kind_name(value.kind));
    add_stats(item, value.stats);
    values.push_back(std::move(item));
  }
  std::vector<JsonObject> outputs;
  for (const OutputComparison& output : result.outputs) {
    JsonObject item;
    item.add("name", output.name);
    add_stats(item, output.stats);
    if (output.class_scores) item.add("top1_agreement", output.top1.rate());
    if (output.float_accuracy) item.add("float_accuracy", output.float_accuracy->accuracy());
    if (output.program_accuracy) {
      item.add("quantized_accuracy", output.program_accuracy->accuracy());
      item.add("labelled_samples", output.program_accuracy->total());
    }
    outputs.push_back(std::move(item));
  }
  return "{\"summary\": " + summary.to_string() + ",\n\"values\": " + json_array(values) +
         ",\n\"outputs\": " + json_array(outputs) + "}\n";
}

std::string to_text(const QuantSimComparison& result, const ParsedArgs& args,
                    const std::string& data_description) {
  std::ostringstream out;
  out << "compared " << args.positionals()[0] << " (float) with " << args.positionals()[1]
      << " over " << result.batches << " batch(es), " << result.samples << " samples\n"
      << "  data: " << data_description << "\n";
  if (result.delegate_calls > 0) out << "note: " << delegate_note(result) << "\n";
  if (result.values.empty()) {
    out << "no program value matches a float value by name\n";
  } else {
    int width = 5;
    for (const ValueComparison& value : result.values) {
      width = std::min(256, std::max(width, static_cast<int>(value.name.size())));
    }
    char line[512];
    std::snprintf(line, sizeof(line), "%4s  %-*s %-9s %10s %9s %11s\n", "#", width, "value", "kind",
                  "SQNR (dB)", "cosine", "max error");
    out << line;
    const int worst = result.worst_value();
    for (size_t i = 0; i < result.values.size(); ++i) {
      const ValueComparison& value = result.values[i];
      std::snprintf(line, sizeof(line), "%4zu  %-*s %-9s %10s %9.5f %11.4g%s\n", i + 1, width,
                    value.name.substr(0, 256).c_str(), quantizer::value_kind_name(value.kind),
                    db_text(value.stats.sqnr_db).c_str(), value.stats.cosine,
                    value.stats.max_abs_error, static_cast<int>(i) == worst ? "  <-- worst" : "");
      out << line;
    }
  }
  for (const OutputComparison& output : result.outputs) {
    out << "output " << output.name << ": SQNR " << db_text(output.stats.sqnr_db) << " dB, cosine "
        << output.stats.cosine << ", max error " << output.stats.max_abs_error;
    if (output.class_scores) {
      out << ", top-1 agreement " << percent(output.top1.agreed(), output.top1.total()) << " ("
          << output.top1.agreed() << "/" << output.top1.total() << ")";
    }
    out << "\n";
    if (output.float_accuracy && output.program_accuracy) {
      out << "  accuracy: float "
          << percent(output.float_accuracy->correct(), output.float_accuracy->total())
          << ", quantized "
          << percent(output.program_accuracy->correct(), output.program_accuracy->total()) << " ("
          << output.program_accuracy->total() << " labelled samples)\n";
    }
  }
  return out.str();
}

Status write_chart(const QuantSimComparison& result, const ParsedArgs& args) {
  std::vector<quantizer::SqnrBar> bars;
  for (const ValueComparison& value : result.values) {
    bars.push_back({value.name, value.stats.sqnr_db});
  }
  quantizer::SqnrChartOptions options;
  options.title = "Per-value SQNR of " + file_name(args.positionals()[1]) + " vs " +
                  file_name(args.positionals()[0]);
  if (args.has("--target")) {
    const std::string text = args.text("--target");
    char* end = nullptr;
    options.target_db = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(*options.target_db)) {
      return invalid_argument("--target takes an SQNR in dB, not '", text, "'");
    }
  }
  const std::string svg = quantizer::sqnr_chart_svg(bars, options);
  return write_file_bytes(args.text("--svg"), std::vector<uint8_t>(svg.begin(), svg.end()));
}

Status compare(const ParsedArgs& args) {
  if (!args.has("--data")) return invalid_argument("give the comparison data with --data DATA");
  EDGEQ_ASSIGN_OR_RETURN(std::shared_ptr<const runtime::Program> program,
                         runtime::Program::load_file(args.positionals()[1]));
  runtime::MethodOptions method_options;
  method_options.keep_intermediate_values = true;
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<runtime::Method> method,
                         runtime::Method::create(program, method_options));
  importer::ImportOptions import_options;
  EDGEQ_ASSIGN_OR_RETURN(import_options.batch_size, batch_size(*method, args));
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph graph,
                         importer::import_onnx_file(args.positionals()[0], import_options));

  quantizer::CalibrationDataOptions data_options;
  data_options.limit = static_cast<size_t>(args.positive_int("--limit", 0));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<quantizer::InputSpec> inputs,
                         quantizer::graph_input_specs(graph));
  Result<quantizer::CalibrationData> data =
      quantizer::open_calibration_data(args.text("--data"), inputs, data_options);
  if (!data.ok()) return data.status().with_context("--data");
  std::vector<int64_t> labels;
  if (args.has("--labels")) {
    EDGEQ_ASSIGN_OR_RETURN(labels, read_labels(args.text("--labels")));
  }
  quantizer::QuantSimCompareOptions options;
  options.labels = Span<const int64_t>(labels);
  EDGEQ_ASSIGN_OR_RETURN(QuantSimComparison result, quantizer::compare_graph_with_program(
                                                        graph, *method, *data->source, options));
  std::cout << (args.has("--json") ? to_json(result, args)
                                   : to_text(result, args, data->description));
  if (args.has("--svg")) {
    EDGEQ_RETURN_IF_ERROR(write_chart(result, args));
    if (!args.has("--json")) std::cout << "wrote the SQNR chart to " << args.text("--svg") << "\n";
  }
  return Status::Ok();
}

}  // namespace

CommandSpec make_compare_command() {
  CommandSpec spec;
  spec.name = "compare";
  spec.summary = "QuantSim report: run the float model and a program side by side, layer by layer.";
  spec.positionals = {"model.onnx", "model.eqp"};
  spec.flags = {
      {"--data", "-d", FlagKind::kText, "DATA", false,
       "inputs: a .npy with a batch dimension, a folder of .npy files or images, or random[:N]"},
      {"--labels", "", FlagKind::kText, "FILE", false,
       "a .npy of integer class labels, one per sample: float and quantized accuracy"},
      {"--limit", "", FlagKind::kPositiveInt, "N", false, "use at most the first N samples"},
      {"--batch", "", FlagKind::kPositiveInt, "N", false,
       "batch size when the program's batch dimension is symbolic (default 32)"},
      {"--json", "", FlagKind::kSwitch, "", false, "print the report as JSON"},
      {"--svg", "", FlagKind::kText, "FILE", false, "write a bar chart of per-value SQNR"},
      {"--target", "", FlagKind::kText, "DB", false, "draw a target SQNR line on the chart"},
  };
  spec.details =
      "The float model runs on the portable kernels (after the same import passes as edgeq\n"
      "quantize); the program runs with every intermediate value kept. Values are matched by\n"
      "name: in a quantized program the value X is the dequantized simulation of float value X.\n"
      "For every matched f32 value the table shows SQNR = 10 log10(sum r^2 / sum (r - q)^2) (inf:\n"
      "identical), cosine similarity and the largest absolute error, in graph order, the worst\n"
      "one marked. Kind: quantized (a DequantizeLinear output), delegate (a delegate call's\n"
      "output: values inside delegated subgraphs are not visible) or float. Outputs also get\n"
      "top-1 agreement when they look like class scores ([N, C]) and, with --labels, float and\n"
      "quantized accuracy. Samples that do not fill a last batch are left out.\n"
      "JSON: {\"summary\", \"values\": [...], \"outputs\": [...]}; an infinite SQNR is the string\n"
      "\"inf\".";
  spec.run = compare;
  return spec;
}

}  // namespace edgeq::tools
