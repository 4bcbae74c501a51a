// edgeq export-onnx model.eqp -o model.qdq.onnx [--opset N] [--activations int8|uint8]
#include <iostream>

#include "importer/onnx/onnx_exporter.h"
#include "runtime/program/program.h"
#include "tools/commands.h"
#include "tools/file_io.h"
#include "tools/onnx_activations.h"
#include "tools/program_to_graph.h"
#include "tools/text_format.h"

namespace edgeq::tools {
namespace {

Status export_onnx(const ParsedArgs& args) {
  const std::string& program_path = args.positionals()[0];
  if (!args.has("--output")) return invalid_argument("give the ONNX file to write with -o FILE");
  const std::string output_path = args.text("--output");
  EDGEQ_RETURN_IF_ERROR(wants_uint8_activations(args, "--activations").status());
  EDGEQ_ASSIGN_OR_RETURN(std::shared_ptr<const runtime::Program> program,
                         runtime::Program::load_file(program_path));
  Result<ir::Graph> graph = program_to_graph(*program);
  if (!graph.ok()) return graph.status().with_context(program_path);
  Status converted = apply_onnx_activations(args, "--activations", *graph);
  if (!converted.ok()) return converted.with_context(program_path);
  importer::ExportOptions options;
  options.opset = args.positive_int("--opset", 0);
  EDGEQ_ASSIGN_OR_RETURN(std::string bytes, importer::export_onnx(*graph, options));
  EDGEQ_RETURN_IF_ERROR(write_file_bytes(
      output_path,
      Span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())));
  std::cout << "exported " << program_path << " -> " << output_path << " ("
            << format_bytes(bytes.size()) << ", " << graph->num_nodes() << " nodes, opset "
            << (options.opset != 0 ? options.opset : importer::required_opset(*graph)) << ")\n";
  return Status::Ok();
}

}  // namespace

CommandSpec make_export_onnx_command() {
  CommandSpec spec;
  spec.name = "export-onnx";
  spec.summary = "Write a program file (.eqp) back as ONNX (QDQ form for quantized programs).";
  spec.positionals = {"model.eqp"};
  spec.flags = {
      {"--output", "-o", FlagKind::kText, "FILE", false, "the ONNX file to write (required)"},
      {"--opset", "", FlagKind::kPositiveInt, "N", false,
       "ONNX opset to write (default: the lowest that expresses the model, at least 13)"},
      {"--activations", "", FlagKind::kText, "T", false, kOnnxActivationsHelp},
  };
  spec.details =
      "Every kernel call becomes an ONNX node and every constant an initializer; quantized\n"
      "programs come out as QuantizeLinear/DequantizeLinear (QDQ) graphs that ONNX Runtime runs.\n"
      "Opset 13 covers int8/uint8 per-tensor and per-channel QDQ; int4, int16 and group-wise\n"
      "(block) quantization need opset 21 (ONNX Runtime 1.18 or later).\n"
      "--activations uint8 rewrites every int8 activation (QuantizeLinear/DequantizeLinear pairs,\n"
      "the x/y codes of fused QLinear* ops) as uint8 with zero point + 128 and the same scale:\n"
      "the same model bit for bit, in the u8-activation x s8-weight form ONNX Runtime's x86\n"
      "kernels run fastest. Weights stay int8, biases int32, int16/int4 activations as they are.\n"
      "Programs with delegate calls (XNNPACK) cannot be exported: compile or quantize with\n"
      "--backend none, or pass --onnx-out to edgeq quantize.";
  spec.run = export_onnx;
  return spec;
}

}  // namespace edgeq::tools
