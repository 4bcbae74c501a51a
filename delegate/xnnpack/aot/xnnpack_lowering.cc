#include "delegate/xnnpack/aot/xnnpack_lowering.h"

#include "delegate/xnnpack/aot/op_registry.h"
#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

constexpr int kMaxXnnpackRank = 6;  // XNN_MAX_TENSOR_DIMS

// Checks shared by every op: shapes known, ranks and dims XNNPACK can hold.
partitioner::SupportDecision check_common(const ir::Node& node) {
  for (const auto* list : {&node.inputs(), &node.outputs()}) {
    for (const ir::Value* value : *list) {
      if (value == nullptr) continue;
      if (!value->has_type()) {
        return partitioner::SupportDecision::no(
            str_cat(op_name(node.op()), ": value '", value->name(), "' has no inferred type"));
      }
      if (value->shape().rank() > kMaxXnnpackRank) {
        return partitioner::SupportDecision::no(str_cat(op_name(node.op()), ": rank ",
                                                        value->shape().rank(), " of '",
                                                        value->name(), "' exceeds XNNPACK's 6"));
      }
      for (int64_t d : value->shape()) {
        if (d <= 0 || d > 0x7FFFFFFF) {
          return partitioner::SupportDecision::no(
              str_cat(op_name(node.op()), ": '", value->name(), "' has shape ",
                      value->shape().to_string(), " (empty or too large for XNNPACK)"));
        }
      }
    }
  }
  return partitioner::SupportDecision::yes();
}

// An int16 input or output of `node` (W8A16 activations), a non-constant one when there is one
// (the activation rather than its zero point), or null.
const ir::Value* first_int16_value(const ir::Node& node) {
  const ir::Value* found = nullptr;
  for (const auto* list : {&node.inputs(), &node.outputs()}) {
    for (const ir::Value* value : *list) {
      if (value == nullptr || !value->has_type() || value->dtype() != DType::kI16) continue;
      if (!value->is_constant()) return value;
      if (found == nullptr) found = value;
    }
  }
  return found;
}

// A weight-widening node (op_util.h) is absorbed when its one reader is a node XNNPACK takes that
// reads it as weights (input 1 or later); that reader's lowering reads the weights through it.
partitioner::SupportDecision supports_weight_widening(const XnnpackLowering& lowering,
                                                      const ir::Graph& graph,
                                                      const ir::Node& node) {
  const ir::Value* widened = node.output(0);
  const auto no = [&](const std::string& why) {
    return partitioner::SupportDecision::no(
        str_cat(op_name(node.op()), ": the weights it widens are ", why));
  };
  if (graph.is_graph_output(widened) || widened->uses().size() != 1) {
    return no("not read by exactly one node");
  }
  const ir::Use& use = widened->uses()[0];
  if (use.input_index < 1) return no("not read as weights");
  if (!lowering.supports(graph, *use.node).supported) {
    return no(str_cat("read by '", use.node->name(), "', which stays portable"));
  }
  return partitioner::SupportDecision::yes();
}

}  // namespace

const char* XnnpackLowering::backend_name() const { return "xnnpack"; }

partitioner::SupportDecision XnnpackLowering::supports(const ir::Graph& graph,
                                                       const ir::Node& node) const {
  if (const ir::Value* wide = first_int16_value(node)) {
    return partitioner::SupportDecision::no(str_cat(
        op_name(node.op()), ": '", wide->name(), "' is int16; XNNPACK 2022 has no int16 datatype"));
  }
  if (is_weight_widening(node)) {
    // Absorbed, or refused with the reason; a DequantizeLinear left over gets its op's answer.
    partitioner::SupportDecision widening = supports_weight_widening(*this, graph, node);
    if (widening.supported || node.op() == OpType::kCast) return widening;
  }
  const OpLowering* entry = find_op_lowering(node.op());
  if (entry == nullptr) {
    return partitioner::SupportDecision::no(
        str_cat(op_name(node.op()), ": not supported by the XNNPACK delegate"));
  }
  partitioner::SupportDecision common = check_common(node);
  if (!common.supported) return common;
  return entry->supports(graph, node);
}

Result<partitioner::LoweredPartition> XnnpackLowering::lower(
    const ir::Graph& graph, const partitioner::Partition& partition) const {
  LoweringContext context(partition);
  for (const ir::Node* node : partition.nodes) {
    // Absorbed: its reader defines the widened weights as a constant (stored narrow).
    if (is_weight_widening(*node)) {
      for (const ir::Value* output : partition.outputs) {
        if (output == node->output(0)) {
          return invalid_argument("xnnpack lowering: ", node->description(),
                                  " widens weights whose reader is not in the partition");
        }
      }
      continue;
    }
    const OpLowering* entry = find_op_lowering(node->op());
    if (entry == nullptr) {
      return invalid_argument("xnnpack lowering: ", node->description(),
                              " is not supported by the XNNPACK delegate");
    }
    Status status = entry->lower(context, *node);
    if (!status.ok())
      return status.with_context(str_cat("xnnpack lowering of ", node->description()));
  }
  partitioner::LoweredPartition lowered;
  EDGEQ_ASSIGN_OR_RETURN(lowered.payload, context.finish());
  return lowered;
}

}  // namespace edgeq::xnnpack
