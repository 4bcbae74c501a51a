// GraphRunner: runs an ir::Graph directly on the portable kernels (no program file), with named
// feeds, and shows every value it produces to a callback. Calibration (observers see float
// activations) and `edgeq compare` (float reference values) use it.
//
// The graph must have types (run infer_shapes first) and outlive the runner. A kernel is created
// and prepared per node at create(); a run whose feed shapes differ from the last prepared ones
// (a new batch size on a symbolic-batch input) re-prepares them first. Every produced value gets
// its own 64-byte aligned buffer; without keep_all_values a buffer is released as soon as the
// last node reading it has run (graph outputs are always kept until the next run).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::ir {

struct GraphRunOptions {
  // Keeps every value's data after a run (value() then reads any of them).
  bool keep_all_values = false;
};

// Called once per graph input (with its feed, in graph-input order, before the first node) and
// once per node output (right after the node ran, in execution order). Not called for constants.
// The view's data is valid only during the call unless the value is kept. A non-OK Status stops
// the run and is returned by run().
using ValueCallback = std::function<Status(const std::string& name, const TensorView& tensor)>;

class GraphRunner {
 public:
  static Result<std::unique_ptr<GraphRunner>> create(const Graph& graph,
                                                     const GraphRunOptions& options = {});
  ~GraphRunner();
  GraphRunner(const GraphRunner&) = delete;
  GraphRunner& operator=(const GraphRunner&) = delete;

  // Runs the graph. `feeds` maps every graph input name to a tensor of the input's dtype and
  // shape (dim 0 may differ for a symbolic-batch input); feeds are copied into the runner.
  // Errors name the missing, unknown or mismatched input, or the node that failed.
  Status run(const std::map<std::string, TensorView>& feeds,
             const ValueCallback& on_value = nullptr);

  // After a successful run: the graph outputs, in order (data valid until the next run).
  std::vector<TensorView> outputs() const;
  // A value's data after a run: graph outputs and inputs, constants, and with keep_all_values
  // every value; an empty view (dtype kUndefined) otherwise or for an unknown name.
  TensorView value(const std::string& name) const;

 private:
  struct NodeStep;
  GraphRunner(const Graph& graph, const GraphRunOptions& options);
  Status build();
  Status bind_feeds(const std::map<std::string, TensorView>& feeds, bool* shapes_changed);
  Status prepare_all();
  Status run_step(NodeStep& step, const ValueCallback& on_value);
  void release(const Value* value);

  const Graph& graph_;
  GraphRunOptions options_;
  std::vector<std::unique_ptr<NodeStep>> steps_;
  std::map<const Value*, size_t> slot_of_;  // every non-constant value -> slot index
  struct Slot;
  std::vector<std::unique_ptr<Slot>> slots_;
  AlignedBuffer scratch_;
  bool prepared_ = false;
};

// One-shot helper: creates a runner, runs it once and returns the graph outputs by name (copied).
struct RunOutput {
  TensorView view;
  std::shared_ptr<uint8_t> storage;  // owns view.data
};
Result<std::map<std::string, RunOutput>> run_graph(const Graph& graph,
                                                   const std::map<std::string, TensorView>& feeds,
                                                   const ValueCallback& on_value = nullptr);

}  // namespace edgeq::ir
