// edgeq compile model.onnx -o model.eqp [--batch N]
#include <chrono>
#include <iostream>

#include "importer/onnx/onnx_importer.h"
#include "partitioner/lower_to_program.h"
#include "tools/commands.h"
#include "tools/file_io.h"
#include "tools/text_format.h"

namespace edgeq::tools {
namespace {

// "model.onnx" -> "model.eqp"; other names get ".eqp" appended.
std::string default_output_path(const std::string& model_path) {
  const std::string suffix = ".onnx";
  if (model_path.size() > suffix.size() &&
      model_path.compare(model_path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return model_path.substr(0, model_path.size() - suffix.size()) + ".eqp";
  }
  return model_path + ".eqp";
}

std::string describe_value(const ir::Value& value) {
  std::string text = value.name() + " " + dtype_name(value.dtype()) + value.shape().to_string();
  return value.has_symbolic_batch() ? text + " (batch symbolic)" : text;
}

Status compile(const ParsedArgs& args) {
  const std::string& model_path = args.positionals()[0];
  std::string output_path = args.text("--output", default_output_path(model_path));
  importer::ImportOptions options;
  options.batch_size = args.positive_int("--batch", 1);

  auto start = std::chrono::steady_clock::now();
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph graph, importer::import_onnx_file(model_path, options));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<uint8_t> program, partitioner::lower_to_program(graph));
  EDGEQ_RETURN_IF_ERROR(write_file_bytes(output_path, program));
  double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  std::cout << "compiled " << model_path << " -> " << output_path << " ("
            << format_bytes(program.size()) << ", " << graph.num_nodes() << " kernel calls) in "
            << format_ms(elapsed_ms) << "\n";
  for (const ir::Value* input : graph.inputs())
    std::cout << "  input  " << describe_value(*input) << "\n";
  for (const ir::Value* output : graph.outputs()) {
    std::cout << "  output " << describe_value(*output) << "\n";
  }
  return Status::Ok();
}

}  // namespace

CommandSpec make_compile_command() {
  CommandSpec spec;
  spec.name = "compile";
  spec.summary = "Compile an ONNX model into a program file (.eqp).";
  spec.positionals = {"model.onnx"};
  spec.flags = {
      {"--output", "-o", FlagKind::kText, "FILE", false,
       "the program file to write (default: the model's name with .eqp)"},
      {"--batch", "", FlagKind::kPositiveInt, "N", false,
       "compile-time size of a symbolic batch dimension (default 1)"},
  };
  spec.details =
      "The model is imported (ONNX opset 11-18, external weight files next to it), simplified\n"
      "(constant folding, BatchNormalization folding, Identity/Dropout removal) and written with\n"
      "one portable kernel call per node. An input whose first dimension is symbolic in the model\n"
      "keeps it symbolic: the program runs at any batch size.";
  spec.run = compile;
  return spec;
}

}  // namespace edgeq::tools
