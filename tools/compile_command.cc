// edgeq compile model.onnx -o model.eqp [--batch N] [--backend none|xnnpack]
//   [--min-partition-size N] [--portable-ops Op1,Op2]
#include <chrono>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "delegate/xnnpack/aot/xnnpack_lowering.h"
#include "importer/onnx/onnx_importer.h"
#include "ir/passes/passes.h"
#include "ir/passes/qdq_fusion.h"
#include "partitioner/lower_to_program.h"
#include "partitioner/partition_notes.h"
#include "runtime/program/program.h"
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

// The ops named in a comma-separated list ("Softmax,Sigmoid"; spaces around names are ignored).
Result<std::set<OpType>> parse_op_list(const std::string& list) {
  std::set<OpType> ops;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string name = list.substr(start, comma - start);
    start = comma + 1;
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name.empty()) continue;
    Result<OpType> op = op_from_name(name);
    if (!op.ok()) return invalid_argument("--portable-ops: '", name, "' is not an op edgeq knows");
    ops.insert(*op);
  }
  return ops;
}

// The lowering options of the command line; `xnnpack` is the delegate offered unless --backend
// none.
Result<partitioner::LoweringOptions> lowering_options(const ParsedArgs& args,
                                                      const xnnpack::XnnpackLowering* xnnpack) {
  partitioner::LoweringOptions options;
  const std::string backend = args.text("--backend", "xnnpack");
  if (backend == "xnnpack") {
    options.delegates.push_back(xnnpack);
  } else if (backend != "none") {
    return invalid_argument("--backend: unknown backend '", backend,
                            "' (expected none or xnnpack)");
  }
  options.partition.min_partition_size =
      static_cast<size_t>(args.positive_int("--min-partition-size", 1));
  EDGEQ_ASSIGN_OR_RETURN(options.partition.portable_ops,
                         parse_op_list(args.text("--portable-ops")));
  return options;
}

Status compile(const ParsedArgs& args) {
  const std::string& model_path = args.positionals()[0];
  std::string output_path = args.text("--output", default_output_path(model_path));
  importer::ImportOptions options;
  options.batch_size = args.positive_int("--batch", 1);

  const xnnpack::XnnpackLowering xnnpack;
  EDGEQ_ASSIGN_OR_RETURN(partitioner::LoweringOptions lowering, lowering_options(args, &xnnpack));

  auto start = std::chrono::steady_clock::now();
  EDGEQ_ASSIGN_OR_RETURN(ir::Graph graph, importer::import_onnx_file(model_path, options));
  ir::QdqFusionStats fusion;
  if (!args.has("--no-fuse-quantized")) {
    EDGEQ_RETURN_IF_ERROR(ir::fuse_quantized_ops(graph, &fusion));
    EDGEQ_RETURN_IF_ERROR(ir::fuse_dynamic_quantized_linear(graph));
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                         partitioner::lower_to_program(graph, lowering));
  EDGEQ_RETURN_IF_ERROR(write_file_bytes(output_path, bytes));
  double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EDGEQ_ASSIGN_OR_RETURN(std::shared_ptr<const runtime::Program> program,
                         runtime::Program::load_buffer(bytes, output_path));
  EDGEQ_ASSIGN_OR_RETURN(partitioner::PartitionNotes notes,
                         partitioner::read_partition_notes(*program));

  std::cout << "compiled " << model_path << " -> " << output_path << " ("
            << format_bytes(bytes.size()) << ", " << program->instructions().size()
            << " instructions) in " << format_ms(elapsed_ms) << "\n";
  std::cout << partitioner::partition_summary(notes) << "\n";
  if (fusion.total() > 0) {
    std::cout << "  fused " << fusion.total() << " quantized group(s) into integer ops\n";
  }
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
      {"--backend", "", FlagKind::kText, "NAME", false,
       "the delegate to hand supported subgraphs to: xnnpack (default) or none (all portable)"},
      {"--min-partition-size", "", FlagKind::kPositiveInt, "N", false,
       "delegate only groups of at least N nodes; smaller ones stay portable (default 1)"},
      {"--portable-ops", "", FlagKind::kText, "OP,OP", false,
       "ops never delegated, by ONNX name (e.g. Softmax,Sigmoid)"},
      {"--no-fuse-quantized", "", FlagKind::kSwitch, "", false,
       "keep a QDQ model's DequantizeLinear -> op -> QuantizeLinear groups as float ops (fake "
       "quantization) instead of fusing them into integer QLinear* / DynamicQuantizeMatMul ops"},
  };
  spec.details =
      "The model is imported (ONNX opset 11-18, external weight files next to it), simplified\n"
      "(constant folding, BatchNormalization folding, Identity/Dropout removal) and partitioned:\n"
      "the nodes the delegate supports are grouped into maximal subgraphs that keep the graph\n"
      "acyclic, each lowered ahead of time into one delegate call; every other node becomes a\n"
      "portable kernel call. The program records why each node stayed portable (see\n"
      "'edgeq inspect --why'). An input whose first dimension is symbolic in the model keeps it\n"
      "symbolic: the program runs at any batch size.\n"
      "A quantized (QDQ) model's DequantizeLinear -> op -> [Relu/Clip] -> QuantizeLinear groups\n"
      "are fused into integer ops (QLinearConv, QLinearMatMul, ...; int8 Reshape, MaxPool, ...)\n"
      "first, so the portable kernels and XNNPACK run the same integer arithmetic.";
  spec.run = compile;
  return spec;
}

}  // namespace edgeq::tools
