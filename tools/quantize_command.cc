// edgeq quantize model.onnx --scheme S [--calib DATA] [...] -o model.eqp
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

#include "delegate/xnnpack/aot/xnnpack_lowering.h"
#include "importer/onnx/onnx_exporter.h"
#include "importer/onnx/onnx_importer.h"
#include "ir/passes/passes.h"
#include "ir/passes/qdq_fusion.h"
#include "partitioner/lower_to_program.h"
#include "quantizer/calibration_data.h"
#include "quantizer/quantize_model.h"
#include "quantizer/sensitivity.h"
#include "quantizer/xnnpack_quantizer.h"
#include "tools/commands.h"
#include "tools/file_io.h"
#include "tools/onnx_activations.h"
#include "tools/progress_bar.h"
#include "tools/quantization_summary.h"
#include "tools/text_format.h"

namespace edgeq::tools {
namespace {

using quantizer::XnnpackScheme;

// Schemes whose activations are observed during calibration (static activation quantization).
bool needs_calibration_data(XnnpackScheme scheme) {
  return scheme == XnnpackScheme::kW8A8 || scheme == XnnpackScheme::kW8A16;
}

// "0.485,0.456,0.406" -> {0.485, 0.456, 0.406}.
Result<std::vector<float>> parse_floats(const std::string& flag, const std::string& text) {
  std::vector<float> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    char* end = nullptr;
    const float value = std::strtof(item.c_str(), &end);
    if (item.empty() || end != item.c_str() + item.size()) {
      return invalid_argument(flag, ": '", text, "' is not a comma-separated list of numbers");
    }
    values.push_back(value);
  }
  return values;
}

Result<quantizer::ObserverKind> observer_from_flag(const std::string& name) {
  // The histogram observers are also accepted under their long names.
  if (name == "histogram_percentile") return quantizer::ObserverKind::kHistogramPercentile;
  if (name == "histogram_mse") return quantizer::ObserverKind::kHistogramMse;
  if (name == "histogram_entropy") return quantizer::ObserverKind::kHistogramEntropy;
  return quantizer::observer_kind_from_name(name);
}

Result<quantizer::XnnpackQuantizer> make_quantizer(const ParsedArgs& args, XnnpackScheme scheme) {
  quantizer::XnnpackPresetOptions preset;
  preset.per_channel = !args.has("--per-tensor");
  preset.group_size = static_cast<int>(args.positive_int("--group-size", preset.group_size));
  if (args.has("--observer")) {
    EDGEQ_ASSIGN_OR_RETURN(preset.activation_observer, observer_from_flag(args.text("--observer")));
  }
  EDGEQ_ASSIGN_OR_RETURN(quantizer::XnnpackQuantizer quantizer,
                         quantizer::XnnpackQuantizer::from_preset(scheme, preset));
  for (const std::string& regex : args.values("--exclude")) {
    EDGEQ_RETURN_IF_ERROR(quantizer.exclude_node_name_regex(regex));
  }
  return quantizer;
}

Result<quantizer::CalibrationData> open_data(const ParsedArgs& args, const ir::Graph& graph,
                                             XnnpackScheme scheme) {
  std::string data = args.text("--calib");
  if (data.empty()) {
    if (needs_calibration_data(scheme)) {
      return invalid_argument("--scheme ", quantizer::xnnpack_scheme_name(scheme),
                              " quantizes activations statically: give --calib DATA (a .npy, a ",
                              "folder of .npy files or images, or random for a smoke test)");
    }
    quantizer::CalibrationData none;
    none.source = std::make_unique<quantizer::InMemoryBatchSource>();
    none.description = "none (the scheme observes no activations)";
    return none;
  }
  quantizer::CalibrationDataOptions options;
  options.limit = static_cast<size_t>(args.positive_int("--calib-limit", 0));
  if (args.has("--mean")) {
    EDGEQ_ASSIGN_OR_RETURN(options.mean, parse_floats("--mean", args.text("--mean")));
  }
  if (args.has("--std")) {
    EDGEQ_ASSIGN_OR_RETURN(options.std, parse_floats("--std", args.text("--std")));
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<quantizer::InputSpec> inputs,
                         quantizer::graph_input_specs(graph));
  Result<quantizer::CalibrationData> opened =
      quantizer::open_calibration_data(data, inputs, options);
  if (!opened.ok()) return opened.status().with_context("--calib");
  return opened;
}

// The converted graph: everything the quantizer annotated, or, with --auto-fallback DB, the
// fewest most sensitive nodes kept float until the output SQNR reaches DB (measured on the
// calibration data).
Result<ir::Graph> convert(const ParsedArgs& args, const quantizer::CalibratedModel& model,
                          const quantizer::BatchSource& data) {
  if (args.has("--sensitivity")) {
    if (data.num_batches() == 0) {
      return invalid_argument("--sensitivity measures the output SQNR on --calib data: give it");
    }
    EDGEQ_ASSIGN_OR_RETURN(quantizer::SensitivityReport report,
                           quantizer::analyze_sensitivity(model, data));
    std::cout << quantizer::format_sensitivity_report(report);
  }
  if (!args.has("--auto-fallback")) return quantizer::convert_model(model);
  const std::string text = args.text("--auto-fallback");
  char* end = nullptr;
  const double target_db = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(target_db)) {
    return invalid_argument("--auto-fallback takes a target SQNR in dB, not '", text, "'");
  }
  if (data.num_batches() == 0) {
    return invalid_argument("--auto-fallback measures the output SQNR on --calib data: give it");
  }
  EDGEQ_ASSIGN_OR_RETURN(quantizer::FallbackResult result,
                         quantizer::auto_fallback(model, data, target_db));
  std::cout << quantizer::format_fallback_result(result);
  if (!result.reached) {
    return failed_precondition("--auto-fallback: the output SQNR target of ", target_db,
                               " dB cannot be reached (best ", result.final_sqnr_db, " dB)");
  }
  return std::move(result.graph);
}

Result<std::vector<uint8_t>> lower(const ir::Graph& graph, const std::string& backend) {
  if (backend == "none") return partitioner::lower_to_program(graph);
  if (backend != "xnnpack") {
    return invalid_argument("--backend must be xnnpack or none, not '", backend, "'");
  }
  xnnpack::XnnpackLowering xnnpack_lowering;
  partitioner::LoweringOptions options;
  options.delegates.push_back(&xnnpack_lowering);
  return partitioner::lower_to_program(graph, options);
}

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f s", seconds);
  return text;
}

void print_summary(const QdqCensus& census, XnnpackScheme scheme,
                   const quantizer::CalibrationData& data, size_t program_bytes, double seconds) {
  std::cout << "  scheme " << quantizer::xnnpack_scheme_name(scheme) << ": "
            << census.integer.size() << " node(s) with quantized activations, "
            << census.float_with_quantized_weights.size()
            << " with quantized weights and float activations, " << census.float_only.size()
            << " kept float\n";
  if (!census.float_only.empty()) {
    std::cout << "  kept float: " << list_nodes(census.float_only) << "\n";
  }
  std::cout << "  calibration: " << data.description << "\n"
            << "  program: " << format_bytes(program_bytes) << ", quantized in "
            << format_seconds(seconds) << "\n";
}

Status quantize(const ParsedArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  const std::string& model_path = args.positionals()[0];
  if (!args.has("--output")) return invalid_argument("give the program file to write with -o FILE");
  if (!args.has("--scheme")) return invalid_argument("give --scheme (e.g. w8a8)");
  EDGEQ_ASSIGN_OR_RETURN(XnnpackScheme scheme,
                         quantizer::xnnpack_scheme_from_name(args.text("--scheme")));
  EDGEQ_ASSIGN_OR_RETURN(quantizer::XnnpackQuantizer quantizer, make_quantizer(args, scheme));
  if (args.has("--onnx-activations") && !args.has("--onnx-out")) {
    return invalid_argument("--onnx-activations sets the dtype of the --onnx-out file: give both");
  }
  EDGEQ_RETURN_IF_ERROR(wants_uint8_activations(args, "--onnx-activations").status());

  importer::ImportOptions import_options;
  import_options.batch_size = args.positive_int("--batch", 1);
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph graph, importer::import_onnx_file(model_path, import_options));
  EDGEQ_ASSIGN_OR_RETURN(quantizer::CalibrationData data, open_data(args, graph, scheme));

  ProgressBar bar = ProgressBar::for_stderr("calibrating", "batch");
  Result<quantizer::CalibratedModel> calibrated =
      quantizer::calibrate_model(std::move(graph), quantizer, *data.source,
                                 [&bar](size_t done, size_t total) { bar.update(done, total); });
  bar.finish();
  if (!calibrated.ok()) return calibrated.status();
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph qdq, convert(args, *calibrated, *data.source));

  const QdqCensus census = take_qdq_census(qdq);
  if (args.has("--integer-only")) {
    std::vector<const ir::Node*> floating = census.float_with_quantized_weights;
    floating.insert(floating.end(), census.float_only.begin(), census.float_only.end());
    if (!floating.empty()) {
      return failed_precondition("--integer-only: ", floating.size(),
                                 " node(s) would run in float: ", list_nodes(floating));
    }
  }
  if (args.has("--onnx-out")) {
    ir::Graph onnx_graph = qdq.clone();
    EDGEQ_RETURN_IF_ERROR(apply_onnx_activations(args, "--onnx-activations", onnx_graph));
    EDGEQ_RETURN_IF_ERROR(importer::export_onnx_file(onnx_graph, args.text("--onnx-out")));
  }
  // The exported ONNX stays QDQ; the program runs the fused integer ops.
  ir::QdqFusionStats fusion;
  if (!args.has("--no-fuse-quantized")) {
    EDGEQ_RETURN_IF_ERROR(ir::fuse_quantized_ops(qdq, &fusion));
    EDGEQ_RETURN_IF_ERROR(ir::fuse_dynamic_quantized_linear(qdq));
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<uint8_t> program,
                         lower(qdq, args.text("--backend", "xnnpack")));
  const std::string output_path = args.text("--output");
  EDGEQ_RETURN_IF_ERROR(write_file_bytes(output_path, program));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "quantized " << model_path << " -> " << output_path << "\n";
  print_summary(census, scheme, data, program.size(), seconds);
  if (fusion.total() > 0) {
    std::cout << "  integer ops: fused " << fusion.total() << " quantized group(s)\n";
  }
  if (args.has("--onnx-out")) std::cout << "  QDQ ONNX: " << args.text("--onnx-out") << "\n";
  return Status::Ok();
}

}  // namespace

CommandSpec make_quantize_command() {
  CommandSpec spec;
  spec.name = "quantize";
  spec.summary = "Quantize an ONNX model for XNNPACK and write a program file (.eqp).";
  spec.positionals = {"model.onnx"};
  spec.flags = {
      {"--output", "-o", FlagKind::kText, "FILE", false, "the program file to write (required)"},
      {"--scheme", "", FlagKind::kText, "S", false,
       "w8a8 | w8a8_dynamic | w4a8 | w8a16 | fp16 | weight_only_int8 | weight_only_int4"},
      {"--calib", "", FlagKind::kText, "DATA", false,
       "calibration data: a .npy with a batch dimension, a folder of .npy files or PNG/JPEG "
       "images, or random[:N] (needed by w8a8 and w8a16)"},
      {"--calib-limit", "", FlagKind::kPositiveInt, "N", false,
       "use at most N calibration samples"},
      {"--mean", "", FlagKind::kText, "M[,M,M]", false,
       "images: per-channel mean subtracted after scaling to [0, 1]"},
      {"--std", "", FlagKind::kText, "S[,S,S]", false, "images: per-channel std divided by"},
      {"--observer", "", FlagKind::kText, "KIND", false,
       "activation ranges: minmax (default) | moving_average | histogram_percentile | mse | "
       "entropy"},
      {"--per-tensor", "", FlagKind::kSwitch, "", false,
       "int8 weights per tensor instead of per output channel"},
      {"--group-size", "", FlagKind::kPositiveInt, "G", false,
       "int4 weights: values per group (32..256, a multiple of 32; default 128)"},
      {"--exclude", "", FlagKind::kText, "REGEX", true,
       "keep the nodes whose whole name matches REGEX float (repeatable)"},
      {"--integer-only", "", FlagKind::kSwitch, "", false,
       "fail, listing them, if any node would run in float"},
      {"--backend", "", FlagKind::kText, "B", false,
       "xnnpack (default: delegate what XNNPACK runs) | none (portable kernels only)"},
      {"--onnx-out", "", FlagKind::kText, "FILE", false,
       "also write the quantized model as QDQ ONNX (ONNX Runtime runs it)"},
      {"--onnx-activations", "", FlagKind::kText, "T", false, kOnnxActivationsHelp},
      {"--no-fuse-quantized", "", FlagKind::kSwitch, "", false,
       "run the QDQ graph as dequantize -> float op -> quantize (fake quantization) instead of "
       "fusing its groups into integer QLinear* / DynamicQuantizeMatMul ops"},
      {"--auto-fallback", "", FlagKind::kText, "DB", false,
       "keep the fewest most sensitive nodes float until the output SQNR (on the calibration "
       "data) reaches DB"},
      {"--sensitivity", "", FlagKind::kSwitch, "", false,
       "print, per quantized node, the output SQNR (on the calibration data) when only that "
       "node is kept float, most sensitive first"},
      {"--batch", "", FlagKind::kPositiveInt, "N", false,
       "compile-time batch size of a symbolic batch dimension, and the calibration batch size "
       "(default 1)"},
  };
  spec.details =
      "The float model is imported (BatchNormalization folded), annotated by the XNNPACK\n"
      "quantizer's patterns for the scheme, run over the calibration data on the portable kernels\n"
      "while observers record the ranges of the annotated tensors, and converted into QDQ form:\n"
      "weights stored quantized, activations as QuantizeLinear/DequantizeLinear pairs. Nodes no\n"
      "pattern covers (or excluded ones) stay float. The summary counts the nodes per kind and\n"
      "names the ones kept float. A progress bar is shown while calibrating on a terminal.\n"
      "The program then runs integer ops: each DequantizeLinear -> op -> [Relu/Clip] ->\n"
      "QuantizeLinear group is fused into its QLinear* op (ir/passes/qdq_fusion.h), which the\n"
      "portable kernels and XNNPACK compute identically; --onnx-out stays QDQ.";
  spec.run = quantize;
  return spec;
}

}  // namespace edgeq::tools
