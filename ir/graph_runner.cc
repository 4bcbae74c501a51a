#include "ir/graph_runner.h"

#include <algorithm>
#include <cstring>

#include "runtime/core/aligned_buffer.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::ir {

// The run-time state of one non-constant value.
struct GraphRunner::Slot {
  const Value* value = nullptr;
  TensorView view;  // dtype and shape from the last prepare; data while the value is alive
  AlignedBuffer buffer;
  int last_use = -1;  // the last step reading it; -1: no step reads it
  bool keep = false;  // graph outputs (and everything with keep_all_values)
};

struct GraphRunner::NodeStep {
  const Node* node = nullptr;
  std::unique_ptr<runtime::Kernel> kernel;
  std::vector<TensorView> inputs;   // constants keep their data; others are bound per run
  std::vector<TensorView> outputs;  // dtype and shape from prepare
  std::vector<int> input_slots;     // slot per input, -1 for constants and absent inputs
  std::vector<int> output_slots;    // slot per output, -1 for an output with no value
  std::vector<AlignedBuffer> unnamed_outputs;  // storage of outputs with no value
};

namespace {

// Bytes for a tensor; at least one so that a data pointer is never null.
size_t storage_bytes(const TensorView& view) { return std::max<size_t>(view.nbytes(), 1); }

}  // namespace

GraphRunner::GraphRunner(const Graph& graph, const GraphRunOptions& options)
    : graph_(graph), options_(options) {}

GraphRunner::~GraphRunner() = default;

Result<std::unique_ptr<GraphRunner>> GraphRunner::create(const Graph& graph,
                                                         const GraphRunOptions& options) {
  std::unique_ptr<GraphRunner> runner(new GraphRunner(graph, options));
  EDGEQ_RETURN_IF_ERROR(runner->build());
  return runner;
}

Status GraphRunner::build() {
  auto add_slot = [this](const Value* value) {
    slot_of_[value] = slots_.size();
    auto slot = std::make_unique<Slot>();
    slot->value = value;
    slot->view = TensorView(value->dtype(), value->shape());
    slot->keep = options_.keep_all_values || graph_.is_graph_output(value);
    slots_.push_back(std::move(slot));
  };
  for (const Value* input : graph_.inputs()) {
    if (!input->has_type()) {
      return invalid_argument("graph input '", input->name(), "' has no dtype and shape");
    }
    add_slot(input);
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<Node*> order, graph_.topological_order());
  for (const Node* node : order) {
    auto step = std::make_unique<NodeStep>();
    step->node = node;
    Result<std::unique_ptr<runtime::Kernel>> kernel = runtime::create_portable_kernel(node->op());
    if (!kernel.ok()) return kernel.status().with_context(node->description());
    step->kernel = std::move(kernel).value();
    for (const Value* input : node->inputs()) {
      if (input == nullptr || input->is_constant()) {
        step->inputs.push_back(input == nullptr ? TensorView() : input->view());
        step->input_slots.push_back(-1);
        continue;
      }
      auto found = slot_of_.find(input);
      if (found == slot_of_.end()) {
        return invalid_argument(node->description(), ": input '", input->name(),
                                "' is neither a graph input, a constant nor computed before");
      }
      slots_[found->second]->last_use = static_cast<int>(steps_.size());
      step->inputs.emplace_back();
      step->input_slots.push_back(static_cast<int>(found->second));
    }
    for (const Value* output : node->outputs()) {
      if (output == nullptr) {
        step->output_slots.push_back(-1);
        continue;
      }
      step->output_slots.push_back(static_cast<int>(slots_.size()));
      add_slot(output);
    }
    step->outputs.resize(node->outputs().size());
    step->unnamed_outputs.resize(node->outputs().size());
    steps_.push_back(std::move(step));
  }
  return prepare_all();
}

Status GraphRunner::prepare_all() {
  size_t scratch = 0;
  for (auto& step : steps_) {
    for (size_t i = 0; i < step->inputs.size(); ++i) {
      if (step->input_slots[i] < 0) continue;
      const TensorView& known = slots_[step->input_slots[i]]->view;
      step->inputs[i] = TensorView(known.dtype, known.shape);
    }
    Status prepared = step->kernel->prepare(
        step->node->attrs(), Span<const TensorView>(step->inputs), Span<TensorView>(step->outputs));
    if (!prepared.ok()) return prepared.with_context(step->node->description());
    for (size_t i = 0; i < step->outputs.size(); ++i) {
      if (step->output_slots[i] < 0) continue;
      slots_[step->output_slots[i]]->view =
          TensorView(step->outputs[i].dtype, step->outputs[i].shape);
    }
    scratch = std::max(scratch, step->kernel->scratch_bytes());
  }
  scratch_.reserve(scratch);
  prepared_ = true;
  return Status::Ok();
}

Status GraphRunner::bind_feeds(const std::map<std::string, TensorView>& feeds,
                               bool* shapes_changed) {
  for (const auto& [name, tensor] : feeds) {
    const Value* value = graph_.find_value(name);
    if (value == nullptr || !graph_.is_graph_input(value)) {
      std::string inputs;
      for (const Value* input : graph_.inputs()) {
        inputs += (inputs.empty() ? "" : ", ") + input->name();
      }
      return invalid_argument("feed '", name, "' names no graph input (inputs: ", inputs, ")");
    }
  }
  *shapes_changed = false;
  for (const Value* input : graph_.inputs()) {
    auto feed = feeds.find(input->name());
    if (feed == feeds.end()) {
      return invalid_argument("graph input '", input->name(), "' (", dtype_name(input->dtype()),
                              input->shape().to_string(), ") has no feed");
    }
    const TensorView& tensor = feed->second;
    const Shape& declared = input->shape();
    bool shape_ok = tensor.shape.rank() == declared.rank();
    for (int d = 0; shape_ok && d < declared.rank(); ++d) {
      shape_ok = tensor.shape[d] == declared[d] || (d == 0 && input->has_symbolic_batch());
    }
    if (tensor.dtype != input->dtype() || !shape_ok) {
      return invalid_argument("feed '", input->name(), "': ", tensor.to_string(),
                              " does not match the graph input's ", dtype_name(input->dtype()),
                              declared.to_string(),
                              input->has_symbolic_batch() ? " (dim 0 may vary)" : "");
    }
    if (tensor.numel() > 0 && tensor.data == nullptr) {
      return invalid_argument("feed '", input->name(), "': ", tensor.to_string(), " has no data");
    }
    Slot& slot = *slots_[slot_of_.at(input)];
    *shapes_changed = *shapes_changed || slot.view.shape != tensor.shape;
    slot.view = TensorView(tensor.dtype, tensor.shape);
    slot.buffer.reserve(storage_bytes(tensor));
    if (tensor.nbytes() > 0) std::memcpy(slot.buffer.data(), tensor.data, tensor.nbytes());
    slot.view.data = slot.buffer.data();
  }
  return Status::Ok();
}

void GraphRunner::release(const Value* value) {
  Slot& slot = *slots_[slot_of_.at(value)];
  if (slot.keep) return;
  slot.buffer = AlignedBuffer();
  slot.view.data = nullptr;
}

Status GraphRunner::run_step(NodeStep& step, const ValueCallback& on_value) {
  for (size_t i = 0; i < step.inputs.size(); ++i) {
    if (step.input_slots[i] >= 0) step.inputs[i] = slots_[step.input_slots[i]]->view;
  }
  for (size_t i = 0; i < step.outputs.size(); ++i) {
    AlignedBuffer& buffer =
        step.output_slots[i] >= 0 ? slots_[step.output_slots[i]]->buffer : step.unnamed_outputs[i];
    buffer.reserve(storage_bytes(step.outputs[i]));
    step.outputs[i].data = buffer.data();
    if (step.output_slots[i] >= 0) slots_[step.output_slots[i]]->view = step.outputs[i];
  }
  Status executed = step.kernel->execute(Span<const TensorView>(step.inputs),
                                         Span<const TensorView>(step.outputs),
                                         Span<uint8_t>(scratch_.data(), scratch_.size()));
  if (!executed.ok()) return executed.with_context(step.node->description());
  for (size_t i = 0; i < step.outputs.size(); ++i) {
    if (step.output_slots[i] < 0) continue;
    const Slot& slot = *slots_[step.output_slots[i]];
    if (on_value) EDGEQ_RETURN_IF_ERROR(on_value(slot.value->name(), slot.view));
    if (slot.last_use < 0) release(slot.value);
  }
  return Status::Ok();
}

Status GraphRunner::run(const std::map<std::string, TensorView>& feeds,
                        const ValueCallback& on_value) {
  bool shapes_changed = false;
  EDGEQ_RETURN_IF_ERROR(bind_feeds(feeds, &shapes_changed));
  if (shapes_changed) prepared_ = false;
  if (!prepared_) EDGEQ_RETURN_IF_ERROR(prepare_all());
  for (const Value* input : graph_.inputs()) {
    const Slot& slot = *slots_[slot_of_.at(input)];
    if (on_value) EDGEQ_RETURN_IF_ERROR(on_value(input->name(), slot.view));
    if (slot.last_use < 0) release(input);
  }
  for (size_t s = 0; s < steps_.size(); ++s) {
    NodeStep& step = *steps_[s];
    EDGEQ_RETURN_IF_ERROR(run_step(step, on_value));
    for (int slot_index : step.input_slots) {
      if (slot_index >= 0 && slots_[slot_index]->last_use == static_cast<int>(s)) {
        release(slots_[slot_index]->value);
      }
    }
  }
  return Status::Ok();
}

TensorView GraphRunner::value(const std::string& name) const {
  const Value* value = graph_.find_value(name);
  if (value == nullptr) return TensorView();
  if (value->is_constant()) return value->view();
  auto found = slot_of_.find(value);
  if (found == slot_of_.end() || slots_[found->second]->view.data == nullptr) return TensorView();
  return slots_[found->second]->view;
}

std::vector<TensorView> GraphRunner::outputs() const {
  std::vector<TensorView> views;
  for (const Value* output : graph_.outputs()) views.push_back(value(output->name()));
  return views;
}

Result<std::map<std::string, RunOutput>> run_graph(const Graph& graph,
                                                   const std::map<std::string, TensorView>& feeds,
                                                   const ValueCallback& on_value) {
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<GraphRunner> runner, GraphRunner::create(graph));
  EDGEQ_RETURN_IF_ERROR(runner->run(feeds, on_value));
  std::map<std::string, RunOutput> results;
  for (const Value* output : graph.outputs()) {
    const TensorView view = runner->value(output->name());
    auto buffer = std::make_shared<AlignedBuffer>(storage_bytes(view));
    if (view.nbytes() > 0) std::memcpy(buffer->data(), view.data, view.nbytes());
    RunOutput& result = results[output->name()];
    result.storage = std::shared_ptr<uint8_t>(buffer, buffer->data());
    result.view = TensorView(view.dtype, view.shape, static_cast<void*>(buffer->data()));
  }
  return results;
}

}  // namespace edgeq::ir
