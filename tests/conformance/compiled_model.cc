#include "tests/conformance/compiled_model.h"

#include <set>

#include "delegate/xnnpack/aot/xnnpack_lowering.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "importer/onnx/onnx_importer.h"
#include "partitioner/lower_to_program.h"
#include "runtime/kernels/kernel.h"
#include "runtime/program/program.h"

namespace edgeq::e2e {
namespace {

// NotFound naming the kernel-call ops that have no portable kernel.
Status check_portable_kernels_exist(const runtime::Program& program) {
  std::set<std::string> missing;
  for (const runtime::ProgramInstruction& instruction : program.instructions()) {
    if (instruction.kind != runtime::InstructionKind::kKernelCall) continue;
    if (!runtime::create_portable_kernel(instruction.op).ok()) {
      missing.insert(op_name(instruction.op));
    }
  }
  if (missing.empty()) return Status::Ok();
  std::string names;
  for (const std::string& name : missing) names += (names.empty() ? "" : ", ") + name;
  return not_found("no portable kernel for ", names);
}

Result<std::vector<uint8_t>> lower(const ir::Graph& graph, Backend backend) {
  if (backend == Backend::kPortable) return partitioner::lower_to_program(graph);
  EDGEQ_RETURN_IF_ERROR(xnnpack::register_xnnpack_backend());
  static const xnnpack::XnnpackLowering xnnpack_lowering;
  partitioner::LoweringOptions options;
  options.delegates.push_back(&xnnpack_lowering);
  return partitioner::lower_to_program(graph, options);
}

}  // namespace

Result<CompiledModel> CompiledModel::compile(const std::string& onnx_path, Backend backend) {
  return from_graph(importer::import_onnx_file(onnx_path), onnx_path, backend);
}

Result<CompiledModel> CompiledModel::compile_bytes(const std::string& model_bytes,
                                                   const std::string& external_data_dir,
                                                   const std::string& name, Backend backend) {
  return from_graph(importer::import_onnx_bytes(model_bytes.data(), model_bytes.size(),
                                                importer::ImportOptions(), external_data_dir),
                    name, backend);
}

Result<CompiledModel> CompiledModel::from_graph(Result<ir::Graph> graph, const std::string& name,
                                                Backend backend) {
  if (!graph.ok()) return graph.status().with_context("import");
  auto bytes = lower(*graph, backend);
  if (!bytes.ok()) return bytes.status().with_context("lower");
  auto program = runtime::Program::load_buffer(Span<const uint8_t>(*bytes), name);
  if (!program.ok()) return program.status().with_context("load");
  Status kernels = check_portable_kernels_exist(**program);
  if (!kernels.ok()) return kernels.with_context("method");
  auto method = runtime::Method::create(*program);
  if (!method.ok()) return method.status().with_context("method");
  return CompiledModel(std::move(*method));
}

size_t CompiledModel::num_delegate_calls() const {
  size_t count = 0;
  for (const runtime::ProgramInstruction& instruction : program().instructions()) {
    count += instruction.kind == runtime::InstructionKind::kDelegateCall;
  }
  return count;
}

Result<std::vector<HostTensor>> CompiledModel::run(const std::vector<HostTensor>& inputs) {
  if (inputs.size() != method_->num_inputs()) {
    return invalid_argument("the program has ", method_->num_inputs(), " inputs, ", inputs.size(),
                            " given");
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    Status status = method_->set_input(i, inputs[i].view());
    if (!status.ok()) {
      return status.with_context(str_cat("input ", i, " ('", method_->input_name(i), "')"));
    }
  }
  Status executed = method_->execute();
  if (!executed.ok()) return executed.with_context("execute");
  std::vector<HostTensor> outputs;
  for (size_t i = 0; i < method_->num_outputs(); ++i) {
    outputs.push_back(HostTensor::copy_of(method_->output(i)));
  }
  return outputs;
}

}  // namespace edgeq::e2e
