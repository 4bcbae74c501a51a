// CompiledModel: an ONNX model taken the whole way a user's model goes — importer -> IR passes ->
// lowering to program bytes -> Program::load_buffer (full verification) -> Method — and run on the
// runtime. Shared by the ONNX conformance runner and the exported-model parity test.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/core/status.h"
#include "runtime/executor/method.h"
#include "tests/conformance/host_tensor.h"

namespace edgeq::e2e {

// How a model is compiled: all portable kernels, or with the XNNPACK delegate taking the nodes it
// supports (the way `edgeq compile` does by default).
enum class Backend { kPortable, kXnnpack };

class CompiledModel {
 public:
  // Errors keep the failing stage's status code and say which stage failed:
  // "import: ...", "lower: ...", "load: ...", "method: ...". A kernel call whose op has no
  // portable kernel is NotFound ("no portable kernel for Conv, ..."), never Unimplemented: an op in
  // the op list without a kernel is a gap in edgeq, not an unsupported model.
  static Result<CompiledModel> compile(const std::string& onnx_path,
                                       Backend backend = Backend::kPortable);
  // The same for a serialised ModelProto in memory; external data is read relative to
  // `external_data_dir`; `name` names the model in messages.
  static Result<CompiledModel> compile_bytes(const std::string& model_bytes,
                                             const std::string& external_data_dir,
                                             const std::string& name,
                                             Backend backend = Backend::kPortable);

  size_t num_inputs() const { return method_->num_inputs(); }
  size_t num_outputs() const { return method_->num_outputs(); }
  const runtime::Program& program() const { return method_->program(); }
  // How many of the program's instructions are delegate calls.
  size_t num_delegate_calls() const;

  // Sets every input (in program order) and runs; returns copies of all outputs.
  // Errors keep the runtime's status code: "input 1 ('x'): ...", "execute: ...".
  Result<std::vector<HostTensor>> run(const std::vector<HostTensor>& inputs);

 private:
  explicit CompiledModel(std::unique_ptr<runtime::Method> method) : method_(std::move(method)) {}
  static Result<CompiledModel> from_graph(Result<ir::Graph> graph, const std::string& name,
                                          Backend backend);
  std::unique_ptr<runtime::Method> method_;
};

}  // namespace edgeq::e2e
