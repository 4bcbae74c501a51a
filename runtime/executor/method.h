// Method: an executable instance of a Program. It creates one portable kernel per kernel call and
// one backend handle per delegate call, prepares them, runs once the kernel calls whose inputs are
// all constant (the widening of fp16 / int8 / int4 stored weights; see init_evaluation.h) into
// buffers it keeps, and lays out the activations in one arena
// (the program's stored memory plan for the compile-time shapes; a new plan, made once, when a
// symbolic batch dimension changes; with MethodOptions::keep_intermediate_values, a plan without
// reuse so that every value stays readable through value()). execute() never allocates while the
// input shapes stay the same.
//
// A Method is not thread-safe; several Methods made from one Program may run on different threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/backend/backend.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"
#include "runtime/executor/init_evaluation.h"
#include "runtime/program/program.h"

namespace edgeq::runtime {

class Kernel;

struct MethodOptions {
  int num_threads = 1;                       // handed to backends
  std::vector<CompileSpec> backend_options;  // run options handed to every backend's init
  // Gives every value its own bytes (no arena reuse), so after execute() Method::value() reads any
  // value the run produced, not only the outputs: the seam of layer-by-layer comparisons
  // (`edgeq compare`). Costs the sum of all activation sizes instead of the planned arena. Values
  // inside a delegate call's subgraph are not program values and stay invisible.
  bool keep_intermediate_values = false;
};

// Per-instruction timing, filled by execute() when attached with Method::set_profile. Entries are
// indexed by instruction and accumulate over runs.
struct MethodProfile {
  std::vector<uint64_t> nanoseconds;
  std::vector<uint64_t> executions;  // times each instruction ran (0 for those run at init)
  uint64_t runs = 0;
  void clear();
};

class Method {
 public:
  static Result<std::unique_ptr<Method>> create(std::shared_ptr<const Program> program,
                                                const MethodOptions& options = {});
  ~Method();
  Method(const Method&) = delete;
  Method& operator=(const Method&) = delete;

  const Program& program() const { return *program_; }
  size_t num_inputs() const { return program_->inputs().size(); }
  size_t num_outputs() const { return program_->outputs().size(); }
  // Declared name, dtype and compile-time shape of an input/output (i <
  // num_inputs()/num_outputs()).
  const ProgramValue& input_info(size_t i) const;
  const ProgramValue& output_info(size_t i) const;
  const std::string& input_name(size_t i) const { return input_info(i).name; }
  const std::string& output_name(size_t i) const { return output_info(i).name; }

  // Copies `tensor` into input i. Its dtype must equal the declared one and its shape the declared
  // one, except dimension 0 of a symbolic-batch input (a new batch re-prepares and re-plans at the
  // next execute, which is the only time memory is allocated). Errors name the input and both
  // shapes/dtypes.
  Status set_input(size_t i, const TensorView& tensor);
  // Runs every instruction in order. Kernel and backend errors name the instruction.
  Status execute();
  // Output i's current dtype, shape and data (valid until the next set_input/execute); an empty
  // view when i is out of range.
  TensorView output(size_t i) const;

  // Every program value (inputs, constants, intermediates, outputs), indexed as in
  // program().values(): its current dtype, shape and data after the last execute(). Without
  // MethodOptions::keep_intermediate_values the data of an intermediate value may already have
  // been overwritten by a later instruction that reuses its arena bytes. An empty view when
  // `index` is out of range.
  size_t num_values() const { return values_.size(); }
  TensorView value(size_t index) const;
  // The value named `name` (the first one, should names repeat), or an empty view.
  TensorView value_by_name(const std::string& name) const;
  bool keeps_intermediate_values() const { return keep_intermediate_values_; }

  // Attaches a profile that execute() fills (nullptr detaches). Costs nothing when detached.
  void set_profile(MethodProfile* profile);

  // True when instruction `index` ran once when the Method was created and execute() skips it.
  bool runs_at_init(size_t index) const {
    return index < init_.instructions.size() && init_.instructions[index];
  }

 private:
  struct Step;
  explicit Method(std::shared_ptr<const Program> program);
  Status init(const MethodOptions& options);
  Status prepare_all();
  Status evaluate_at_init(size_t index, Span<const TensorView> inputs,
                          Span<const TensorView> outputs);
  Status check_declared_shapes() const;
  Status plan_memory(bool use_stored_plan);
  void bind_views();

  std::shared_ptr<const Program> program_;
  std::vector<std::unique_ptr<Step>> steps_;
  std::vector<TensorView> values_;  // current dtype/shape/data of every value
  InitEvaluation init_;
  std::vector<AlignedBuffer> init_values_;  // per value; holds the outputs of init instructions
  bool init_evaluated_ = false;
  std::vector<AlignedBuffer> input_buffers_;
  std::vector<Shape> input_shapes_;  // current shapes of the program inputs
  bool shapes_changed_ = false;
  AlignedBuffer arena_;
  AlignedBuffer scratch_;
  size_t scratch_bytes_ = 0;
  MethodProfile* profile_ = nullptr;
  bool keep_intermediate_values_ = false;
};

}  // namespace edgeq::runtime
