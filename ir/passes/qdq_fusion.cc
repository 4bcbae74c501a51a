// QDQ fusion driver: finds each group ending in a QuantizeLinear, asks the per-op builders for
// the fused node, checks it with the portable kernel and swaps it in (see qdq_fusion.h).
#include "ir/passes/qdq_fusion.h"

#include <memory>
#include <set>
#include <vector>

#include "ir/passes/qdq_fusion_match.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::ir {
namespace {

using qdq_fusion::Group;
using qdq_fusion::Proposal;
using qdq_fusion::QuantizedOperand;

// The group ending in QuantizeLinear `quantize`: per-tensor constant output parameters of a
// fusible dtype, and a producer chain op -> [Relu | Clip] whose values only the chain reads.
std::optional<Group> match_group(const Graph& graph, Node* quantize) {
  Group group;
  group.quantize = quantize;
  QuantizedOperand& out = group.output;
  out.data = quantize->output(0);
  out.scale = quantize->input(1);
  out.zero_point = quantize->input(2);
  if (!out.data->has_type() || !fusible_activation_dtype(out.dtype())) return std::nullopt;
  const std::optional<std::vector<float>> scale = qdq_fusion::constant_floats(out.scale);
  if (!scale || scale->size() != 1 || out.scale->shape().rank() > 1) return std::nullopt;
  if (out.zero_point != nullptr &&
      (!out.zero_point->is_constant() || out.zero_point->dtype() != out.dtype() ||
       out.zero_point->shape().numel() != 1)) {
    return std::nullopt;
  }
  Value* value = quantize->input(0);
  if (!qdq_fusion::is_private(graph, value) || value->producer() == nullptr) return std::nullopt;
  group.op = value->producer();
  const OpType op = group.op->op();
  if (op == OpType::kRelu || op == OpType::kClip) {
    Value* below = group.op->input(0);
    if (below != nullptr && below->producer() != nullptr && qdq_fusion::is_private(graph, below) &&
        below->producer()->op() != OpType::kDequantizeLinear) {
      group.activation = group.op;
      group.op = below->producer();
    }
  }
  if (group.op->num_outputs() != 1) return std::nullopt;
  return group;
}

std::optional<Proposal> propose(Graph& graph, const Group& group) {
  for (auto builder : {qdq_fusion::propose_linear, qdq_fusion::propose_elementwise,
                       qdq_fusion::propose_pass_through}) {
    std::optional<Proposal> proposal = builder(graph, group);
    if (proposal) return proposal;
  }
  return std::nullopt;
}

// The portable kernel accepts the proposal and computes the Q's output dtype and shape.
bool kernel_accepts(const Proposal& proposal, const Value& output) {
  Result<std::unique_ptr<runtime::Kernel>> kernel = runtime::create_portable_kernel(proposal.op);
  if (!kernel.ok()) return false;
  std::vector<TensorView> inputs;
  for (const Value* in : proposal.inputs) {
    if (in != nullptr && !in->has_type()) return false;
    inputs.push_back(in == nullptr ? TensorView() : in->view());
  }
  std::vector<TensorView> outputs(1);
  Status prepared =
      (*kernel)->prepare(proposal.attrs, Span<const TensorView>(inputs), Span<TensorView>(outputs));
  return prepared.ok() && outputs[0].dtype == output.dtype() && outputs[0].shape == output.shape();
}

// Removes the `candidates` nothing reads any more, with the DequantizeLinear nodes producing
// them (and, in turn, their unread inputs).
void remove_unread(Graph& graph, const std::vector<Value*>& candidates) {
  std::set<Value*> pending(candidates.begin(), candidates.end());
  while (!pending.empty()) {
    Value* value = *pending.begin();
    pending.erase(pending.begin());
    if (!value->uses().empty() || graph.is_graph_output(value) || graph.is_graph_input(value)) {
      continue;
    }
    Node* producer = value->producer();
    if (producer != nullptr) {
      if (producer->op() != OpType::kDequantizeLinear) continue;
      for (Value* in : producer->inputs()) {
        if (in != nullptr) pending.insert(in);
      }
      graph.remove_node(producer);
    }
    (void)graph.remove_value(value);  // cannot fail: no producer, no uses, not a graph value
  }
}

// Replaces the group by the proposed node, named like the group's op; the Q's output keeps its
// name and becomes the node's output.
void apply(Graph& graph, const Group& group, const Proposal& proposal) {
  std::vector<Node*> replaced = {group.quantize, group.op};
  if (group.activation != nullptr) replaced.push_back(group.activation);
  replaced.insert(replaced.end(), proposal.absorbed.begin(), proposal.absorbed.end());
  const std::string name = group.op->name();
  Value* output = group.output.data;
  std::set<Value*> intermediates;
  for (Node* node : replaced) {
    if (node != group.quantize) intermediates.insert(node->output(0));
  }
  std::vector<Value*> inputs;
  for (Node* node : replaced) {
    for (Value* in : node->inputs()) {
      if (in != nullptr && intermediates.count(in) == 0) inputs.push_back(in);
    }
  }
  for (Node* node : replaced) graph.remove_node(node);
  graph.add_node(proposal.op, name, proposal.inputs, {output}, proposal.attrs);
  for (Value* value : intermediates) (void)graph.remove_value(value);
  remove_unread(graph, inputs);
}

// Constants made for proposals that did not fuse (transposed weights, quantized pad values).
void remove_unused_constants(Graph& graph) {
  for (Value* value : graph.values()) {
    if (value->is_constant() && value->uses().empty() && !graph.is_graph_output(value)) {
      (void)graph.remove_value(value);
    }
  }
}

}  // namespace

bool fusible_activation_dtype(DType dtype) {
  return dtype == DType::kI8 || dtype == DType::kU8 || dtype == DType::kI16;
}

size_t QdqFusionStats::total() const {
  size_t sum = 0;
  for (const auto& entry : fused) sum += entry.second;
  return sum;
}

Status fuse_quantized_ops(Graph& graph, QdqFusionStats* stats) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<Node*> order, graph.topological_order());
  // Fusing a group removes only nodes before its QuantizeLinear in this order (and the
  // QuantizeLinear itself), so the nodes still ahead stay valid.
  for (Node* node : order) {
    if (node->op() != OpType::kQuantizeLinear) continue;
    std::optional<Group> group = match_group(graph, node);
    if (!group) continue;
    std::optional<Proposal> proposal = propose(graph, *group);
    if (!proposal || !kernel_accepts(*proposal, *group->output.data)) continue;
    apply(graph, *group, *proposal);
    if (stats != nullptr) ++stats->fused[proposal->op];
  }
  remove_unused_constants(graph);
  Status verified = graph.verify();
  return verified.ok() ? verified : verified.with_context("QDQ fusion");
}

}  // namespace edgeq::ir
