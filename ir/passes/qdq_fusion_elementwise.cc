// QDQ fusion of the requantizing ops without weights: Add, Mul, AveragePool, GlobalAveragePool
// (and ReduceMean over the spatial dims), Sigmoid and LeakyRelu (see qdq_fusion.h).
#include <algorithm>
#include <vector>

#include "ir/passes/qdq_fusion_match.h"

namespace edgeq::ir::qdq_fusion {
namespace {

// The output operand (scale and zero point), then the fused range.
std::optional<Proposal> finish(Proposal proposal, const Group& group) {
  proposal.inputs.push_back(group.output.scale);
  proposal.inputs.push_back(group.output.zero_point);
  if (!add_output_range(group, proposal.attrs)) return std::nullopt;
  return proposal;
}

// Binary ops: QLinearAdd / QLinearMul(A, A_scale, A_zp, B, B_scale, B_zp, C_scale, C_zp).
std::optional<Proposal> propose_binary(const Group& group, OpType fused) {
  std::optional<QuantizedOperand> a = dequantized_activation(group.op->input(0));
  std::optional<QuantizedOperand> b = dequantized_activation(group.op->input(1));
  if (!a || !b || a->dtype() != b->dtype()) return std::nullopt;
  Proposal proposal;
  proposal.op = fused;
  append_operand(proposal.inputs, *a);
  append_operand(proposal.inputs, *b);
  return finish(std::move(proposal), group);
}

// Unary ops: X, X_scale, X_zp, Y_scale, Y_zp with the attributes `kept` of the float op.
std::optional<Proposal> propose_unary(const Group& group, OpType fused,
                                      const std::vector<std::string>& kept) {
  std::optional<QuantizedOperand> x = dequantized_activation(group.op->input(0));
  if (!x) return std::nullopt;
  Proposal proposal;
  proposal.op = fused;
  for (const auto& [name, value] : group.op->attrs().items()) {
    if (std::find(kept.begin(), kept.end(), name) != kept.end()) proposal.attrs.set(name, value);
  }
  append_operand(proposal.inputs, *x);
  return finish(std::move(proposal), group);
}

// ReduceMean over exactly the spatial dims (2 .. rank-1) keeping them: a global average pool.
bool is_spatial_mean(const Node& node) {
  const Value* x = node.input(0);
  if (x == nullptr || !x->has_type() || x->shape().rank() < 3) return false;
  const int rank = x->shape().rank();
  Result<int64_t> keepdims = node.attrs().get_int("keepdims", 1);
  if (!keepdims.ok() || *keepdims != 1) return false;
  std::vector<int64_t> axes;
  if (const Value* axes_input = node.input(1); axes_input != nullptr) {
    if (!axes_input->is_constant() || axes_input->dtype() != DType::kI64) return false;
    const int64_t* data = axes_input->constant()->data_as<int64_t>();
    axes.assign(data, data + axes_input->shape().numel());
  } else {
    Result<std::vector<int64_t>> attr = node.attrs().get_ints("axes");
    if (!attr.ok()) return false;
    axes = *attr;
  }
  for (int64_t& axis : axes) axis = axis < 0 ? axis + rank : axis;
  std::sort(axes.begin(), axes.end());
  std::vector<int64_t> spatial;
  for (int64_t d = 2; d < rank; ++d) spatial.push_back(d);
  return axes == spatial;
}

}  // namespace

std::optional<Proposal> propose_elementwise(Graph& /*graph*/, const Group& group) {
  switch (group.op->op()) {
    case OpType::kAdd:
      return propose_binary(group, OpType::kQLinearAdd);
    case OpType::kMul:
      return propose_binary(group, OpType::kQLinearMul);
    case OpType::kAveragePool:
      return propose_unary(group, OpType::kQLinearAveragePool,
                           {"auto_pad", "ceil_mode", "count_include_pad", "dilations",
                            "kernel_shape", "pads", "strides"});
    case OpType::kGlobalAveragePool:
      return propose_unary(group, OpType::kQLinearGlobalAveragePool, {});
    case OpType::kReduceMean:
      if (!is_spatial_mean(*group.op)) return std::nullopt;
      return propose_unary(group, OpType::kQLinearGlobalAveragePool, {});
    case OpType::kSigmoid:
      return propose_unary(group, OpType::kQLinearSigmoid, {});
    case OpType::kLeakyRelu:
      return propose_unary(group, OpType::kQLinearLeakyRelu, {"alpha"});
    default:
      return std::nullopt;
  }
}

}  // namespace edgeq::ir::qdq_fusion
