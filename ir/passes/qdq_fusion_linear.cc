// QDQ fusion of the weighted ops: Conv -> QLinearConv; MatMul, Gemm and MatMul + bias Add ->
// QLinearMatMul (see qdq_fusion.h for the rules).
#include <cstring>
#include <vector>

#include "ir/passes/qdq_fusion_match.h"

namespace edgeq::ir::qdq_fusion {
namespace {

// Weights: a constant integer tensor through a DequantizeLinear, per tensor or per slice along
// `channel_axis` (the output channels / columns).
std::optional<QuantizedOperand> constant_weights(const Value* value, int rank,
                                                 int64_t channel_axis) {
  std::optional<QuantizedOperand> w = dequantized(value);
  if (!w || !w->data->is_constant() || w->data->shape().rank() != rank) return std::nullopt;
  if (w->dtype() != DType::kI8 && w->dtype() != DType::kU8) return std::nullopt;
  if (!w->per_tensor() && w->axis != channel_axis) return std::nullopt;
  return w;
}

// The int32 bias constant of `value` (a DequantizeLinear of a constant [channels] int32 tensor,
// zero point 0) when its scale is x_scale * w_scale per channel, as integer accumulation needs;
// nullptr otherwise.
Value* integer_bias(const Value* value, const QuantizedOperand& x, const QuantizedOperand& w,
                    int64_t channels) {
  std::optional<QuantizedOperand> bias = dequantized(value);
  if (!bias || !bias->data->is_constant() || bias->dtype() != DType::kI32 ||
      bias->data->shape().numel() != channels) {
    return nullptr;
  }
  const std::vector<float> bias_scales = bias->scales();
  const std::vector<float> w_scales = w.scales();
  const float x_scale = x.scales()[0];
  for (int64_t c = 0; c < channels; ++c) {
    const float expected = x_scale * w_scales[w_scales.size() == 1 ? 0 : c];
    if (bias_scales[bias_scales.size() == 1 ? 0 : c] != expected) return nullptr;
  }
  for (int32_t zero_point : bias->zero_points()) {
    if (zero_point != 0) return nullptr;
  }
  return bias->data;
}

// `bias` as a 1-D constant (a [1, N] Gemm bias shares its bytes with a new [N] value).
Value* as_vector(Graph& graph, Value* bias) {
  if (bias->shape().rank() == 1) return bias;
  return graph.add_constant(graph.unique_name(bias->name() + "_vector"), bias->dtype(),
                            Shape{bias->shape().numel()}, *bias->constant());
}

// [N, K] 8-bit weights as a new [K, N] constant.
Value* transposed_weights(Graph& graph, const Value* weights) {
  const int64_t rows = weights->shape()[0];
  const int64_t cols = weights->shape()[1];
  std::vector<uint8_t> bytes(static_cast<size_t>(rows * cols));
  const uint8_t* source = weights->constant()->data();
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) bytes[c * rows + r] = source[r * cols + c];
  }
  return graph.add_constant(graph.unique_name(weights->name() + "_transposed"), weights->dtype(),
                            Shape{cols, rows}, ConstantData::copy_of(bytes.data(), bytes.size()));
}

// The common tail: the output operand and the fused range; nullopt when the range does not fuse.
std::optional<Proposal> finish(Proposal proposal, const Group& group, Value* bias) {
  proposal.inputs.push_back(group.output.scale);
  proposal.inputs.push_back(group.output.zero_point);
  if (bias != nullptr) proposal.inputs.push_back(bias);
  if (!add_output_range(group, proposal.attrs)) return std::nullopt;
  return proposal;
}

std::optional<Proposal> propose_conv(const Group& group) {
  const Node& conv = *group.op;
  std::optional<QuantizedOperand> x = dequantized_activation(conv.input(0));
  if (!x) return std::nullopt;
  const int rank = x->data->shape().rank();
  std::optional<QuantizedOperand> w = constant_weights(conv.input(1), rank, 0);
  if (!w) return std::nullopt;
  Value* bias = nullptr;
  if (conv.input(2) != nullptr) {
    bias = integer_bias(conv.input(2), *x, *w, w->data->shape()[0]);
    if (bias == nullptr || bias->shape().rank() != 1) return std::nullopt;
  }
  Proposal proposal;
  proposal.op = OpType::kQLinearConv;
  proposal.attrs = conv.attrs();
  append_operand(proposal.inputs, *x);
  append_operand(proposal.inputs, *w);
  return finish(std::move(proposal), group, bias);
}

// MatMul or Gemm `node` with constant weights, plus an optional bias value (a Gemm's C or the
// other operand of a bias Add).
std::optional<Proposal> propose_matmul(Graph& graph, const Group& group, const Node& node,
                                       const Value* bias_value) {
  bool transposed = false;
  if (node.op() == OpType::kGemm) {
    const Attributes& attrs = node.attrs();
    Result<int64_t> trans_a = attrs.get_int("transA", 0);
    Result<int64_t> trans_b = attrs.get_int("transB", 0);
    Result<float> alpha = attrs.get_float("alpha", 1.0f);
    Result<float> beta = attrs.get_float("beta", 1.0f);
    if (!trans_a.ok() || *trans_a != 0 || !trans_b.ok() || !alpha.ok() || *alpha != 1.0f ||
        !beta.ok() || *beta != 1.0f) {
      return std::nullopt;
    }
    transposed = *trans_b != 0;
  }
  std::optional<QuantizedOperand> a = dequantized_activation(node.input(0));
  if (!a) return std::nullopt;
  std::optional<QuantizedOperand> b = constant_weights(node.input(1), 2, transposed ? 0 : 1);
  if (!b) return std::nullopt;
  const int64_t columns = b->data->shape()[transposed ? 0 : 1];
  Value* bias = nullptr;
  if (bias_value != nullptr) {
    bias = integer_bias(bias_value, *a, *b, columns);
    if (bias == nullptr) return std::nullopt;
    bias = as_vector(graph, bias);
  }
  if (transposed) b->data = transposed_weights(graph, b->data);
  Proposal proposal;
  proposal.op = OpType::kQLinearMatMul;
  append_operand(proposal.inputs, *a);
  append_operand(proposal.inputs, *b);
  return finish(std::move(proposal), group, bias);
}

// Add(MatMul(a, W), bias) with the MatMul's output read only by the Add.
std::optional<Proposal> propose_matmul_bias_add(Graph& graph, const Group& group) {
  const Node& add = *group.op;
  for (int side = 0; side < 2; ++side) {
    Value* product = add.input(side);
    Node* matmul = product == nullptr ? nullptr : product->producer();
    if (matmul == nullptr || matmul->op() != OpType::kMatMul || !is_private(graph, product)) {
      continue;
    }
    std::optional<Proposal> proposal = propose_matmul(graph, group, *matmul, add.input(1 - side));
    if (!proposal) return std::nullopt;
    proposal->absorbed.push_back(matmul);
    return proposal;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Proposal> propose_linear(Graph& graph, const Group& group) {
  switch (group.op->op()) {
    case OpType::kConv:
      return propose_conv(group);
    case OpType::kMatMul:
      return propose_matmul(graph, group, *group.op, nullptr);
    case OpType::kGemm:
      return propose_matmul(graph, group, *group.op, group.op->input(2));
    case OpType::kAdd:
      return propose_matmul_bias_add(graph, group);
    default:
      return std::nullopt;
  }
}

}  // namespace edgeq::ir::qdq_fusion
