#include "tools/quantization_summary.h"

#include <string>

namespace edgeq::tools {
namespace {

bool is_quantizer(const ir::Node* node) {
  if (node == nullptr) return false;
  const std::string op = op_name(node->op());
  return op == "QuantizeLinear" || op == "DynamicQuantize";
}

bool is_dequantize(const ir::Node* node) {
  return node != nullptr && node->op() == OpType::kDequantizeLinear;
}

// A constant's Cast (fp16 weights read as f32).
bool is_constant_cast(const ir::Node* node) {
  return node != nullptr && node->op() == OpType::kCast && node->input(0) != nullptr &&
         node->input(0)->is_constant();
}

bool is_bookkeeping(const ir::Node* node) {
  return is_quantizer(node) || is_dequantize(node) || is_constant_cast(node);
}

bool reads_quantized_weight(const ir::Node* node) {
  for (const ir::Value* input : node->inputs()) {
    if (input == nullptr) continue;
    const ir::Node* producer = input->producer();
    if (is_constant_cast(producer)) return true;
    if (is_dequantize(producer) && producer->input(0) != nullptr &&
        producer->input(0)->is_constant()) {
      return true;
    }
  }
  return false;
}

bool is_fusable_activation(OpType op) { return op == OpType::kRelu || op == OpType::kClip; }

// Every float activation input comes from a DequantizeLinear (Clip's bounds are not activations).
bool inputs_dequantized(const ir::Node* node) {
  bool any = false;
  for (int i = 0; i < node->num_inputs(); ++i) {
    const ir::Value* input = node->input(i);
    if (input == nullptr || input->dtype() != DType::kF32) continue;
    if (node->op() == OpType::kClip && i > 0) continue;
    if (input->is_constant() || !is_dequantize(input->producer())) return false;
    any = true;
  }
  return any;
}

// Every float output goes only into quantizers.
bool outputs_quantized(const ir::Graph& graph, const ir::Node* node) {
  for (const ir::Value* output : node->outputs()) {
    if (output->dtype() != DType::kF32) continue;
    if (graph.is_graph_output(output) || output->uses().empty()) return false;
    for (const ir::Use& use : output->uses()) {
      if (!is_quantizer(use.node)) return false;
    }
  }
  return true;
}

// The Relu/Clip that is the only reader of `node`'s single output, or nullptr.
const ir::Node* fused_activation_after(const ir::Node* node) {
  if (node->num_outputs() != 1 || node->output(0)->uses().size() != 1) return nullptr;
  const ir::Node* next = node->output(0)->uses()[0].node;
  return is_fusable_activation(next->op()) && next->input(0) == node->output(0) ? next : nullptr;
}

// An input quantized at run time (DynamicQuantize -> DequantizeLinear).
bool reads_dynamic_quantized(const ir::Node* node) {
  for (const ir::Value* input : node->inputs()) {
    if (input == nullptr || !is_dequantize(input->producer())) continue;
    const ir::Value* quantized = input->producer()->input(0);
    if (quantized != nullptr && is_quantizer(quantized->producer()) &&
        quantized->producer()->op() != OpType::kQuantizeLinear) {
      return true;
    }
  }
  return false;
}

// Integer kernels can run the node: quantized inputs and outputs, where a Relu/Clip fused onto its
// producer (conv+relu, add+relu) counts as part of it.
bool runs_integer(const ir::Graph& graph, const ir::Node* node) {
  if (is_fusable_activation(node->op())) {
    const ir::Node* producer = node->input(0)->producer();
    if (producer != nullptr && !is_bookkeeping(producer) &&
        fused_activation_after(producer) == node) {
      return inputs_dequantized(producer) && outputs_quantized(graph, node);
    }
  }
  if (!inputs_dequantized(node)) return false;
  if (outputs_quantized(graph, node) || reads_dynamic_quantized(node)) return true;
  const ir::Node* activation = fused_activation_after(node);
  return activation != nullptr && outputs_quantized(graph, activation);
}

}  // namespace

QdqCensus take_qdq_census(const ir::Graph& graph) {
  QdqCensus census;
  Result<std::vector<ir::Node*>> order = graph.topological_order();
  const std::vector<ir::Node*> nodes = order.ok() ? order.value() : graph.nodes();
  for (const ir::Node* node : nodes) {
    if (is_bookkeeping(node)) continue;
    if (runs_integer(graph, node)) {
      census.integer.push_back(node);
    } else if (reads_quantized_weight(node)) {
      census.float_with_quantized_weights.push_back(node);
    } else {
      census.float_only.push_back(node);
    }
  }
  return census;
}

std::string list_nodes(const std::vector<const ir::Node*>& nodes) {
  std::string text;
  for (const ir::Node* node : nodes) {
    if (!text.empty()) text += ", ";
    text += node->name() + " (" + op_name(node->op()) + ")";
  }
  return text;
}

}  // namespace edgeq::tools
