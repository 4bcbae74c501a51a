// BatchNormalization folded into the Conv, ConvTranspose or Gemm computing its input:
//   y = (x - mean) * s + beta with s = gamma / sqrt(var + epsilon)
// becomes weights scaled by s per output channel and bias (b - mean) * s + beta.
#include <cmath>
#include <vector>

#include "ir/passes/pass_utils.h"
#include "ir/passes/passes.h"

namespace edgeq::ir {
namespace {

bool is_f32_constant(const Value* value) {
  return value != nullptr && value->is_constant() && value->dtype() == DType::kF32;
}

std::vector<float> values_of(const Value* value) {
  const float* p = value->constant()->data_as<float>();
  return std::vector<float>(p, p + value->shape().numel());
}

// How the producer's weight tensor is laid out with respect to output channels: element i of the
// weights belongs to channel (i / inner) % channels.
struct WeightLayout {
  int64_t channels = 0;
  int64_t inner = 0;
};

// The layout for the producer's weights, or channels == 0 when the producer cannot take the fold.
WeightLayout weight_layout(const Node* producer) {
  const Value* w = producer->input(1);
  if (!is_f32_constant(w)) return {};
  const Shape& s = w->shape();
  const int64_t numel = s.numel();
  switch (producer->op()) {
    case OpType::kConv:  // [M, C/group, k...]: output channel is dim 0
      if (s.rank() < 3) return {};
      return {s[0], numel / s[0]};
    case OpType::kConvTranspose: {  // [C, M/group, k...]: only group 1 has dim 1 = M
      auto group = producer->attrs().get_int("group", 1);
      if (!group.ok() || *group != 1 || s.rank() < 3) return {};
      return {s[1], numel / (s[0] * s[1])};
    }
    case OpType::kGemm: {  // B is [K, N] or, with transB, [N, K]: output channel is n
      auto trans_b = producer->attrs().get_int("transB", 0);
      if (!trans_b.ok() || s.rank() != 2) return {};
      return *trans_b ? WeightLayout{s[0], s[1]} : WeightLayout{s[1], 1};
    }
    default:
      return {};
  }
}

// The producer's bias per output channel times the factor it is scaled by in the output (Gemm's
// beta), or zeros when absent; empty when its shape is not one value per channel.
std::vector<float> channel_bias(const Node* producer, int64_t channels) {
  const Value* bias = producer->input(2);
  if (bias == nullptr) return std::vector<float>(channels, 0.f);
  if (!is_f32_constant(bias) || bias->shape().numel() != channels) return {};
  if (producer->op() == OpType::kGemm && bias->shape().rank() == 2 && bias->shape()[0] != 1) {
    return {};
  }
  std::vector<float> b = values_of(bias);
  if (producer->op() == OpType::kGemm) {
    auto beta = producer->attrs().get_float("beta", 1.f);
    if (!beta.ok()) return {};
    for (float& v : b) v *= *beta;
  }
  return b;
}

// Folds `bn` into its input's producer; false when the pattern does not apply.
bool fold_one(Graph& graph, Node* bn) {
  Value* x = bn->input(0);
  Node* producer = x->producer();
  if (producer == nullptr || x->uses().size() != 1 || graph.is_graph_output(x)) return false;
  if (bn->num_outputs() != 1 || producer->output(0) != x) return false;
  auto training = bn->attrs().get_int("training_mode", 0);
  auto epsilon = bn->attrs().get_float("epsilon", 1e-5f);
  if (!training.ok() || *training != 0 || !epsilon.ok()) return false;
  const WeightLayout layout = weight_layout(producer);
  if (layout.channels == 0) return false;
  for (int i = 1; i <= 4; ++i) {
    if (!is_f32_constant(bn->input(i)) || bn->input(i)->shape().numel() != layout.channels) {
      return false;
    }
  }
  std::vector<float> bias = channel_bias(producer, layout.channels);
  if (bias.empty()) return false;

  const std::vector<float> gamma = values_of(bn->input(1)), beta = values_of(bn->input(2));
  const std::vector<float> mean = values_of(bn->input(3)), var = values_of(bn->input(4));
  std::vector<float> scale(layout.channels);
  for (int64_t c = 0; c < layout.channels; ++c) {
    scale[c] = gamma[c] / std::sqrt(var[c] + *epsilon);
    bias[c] = (bias[c] - mean[c]) * scale[c] + beta[c];
  }
  const Value* w = producer->input(1);
  std::vector<float> weights = values_of(w);
  for (size_t i = 0; i < weights.size(); ++i) {
    weights[i] *= scale[(static_cast<int64_t>(i) / layout.inner) % layout.channels];
  }

  Value* new_w =
      graph.add_constant(w->name() + "_bn_folded", DType::kF32, w->shape(),
                         ConstantData::copy_of(weights.data(), weights.size() * sizeof(float)));
  Value* new_b = graph.add_constant(
      str_cat(producer->name(), "_bias_bn_folded"), DType::kF32, Shape({layout.channels}),
      ConstantData::copy_of(bias.data(), bias.size() * sizeof(float)));
  producer->set_input(1, new_w);
  producer->set_input(2, new_b);
  if (producer->op() == OpType::kGemm) producer->mutable_attrs().set("beta", 1.f);
  return bypass_node(graph, bn);
}

}  // namespace

Status fold_batch_norm(Graph& graph) {
  for (Node* node : graph.nodes()) {
    if (node->op() == OpType::kBatchNormalization) fold_one(graph, node);
  }
  return Status::Ok();
}

}  // namespace edgeq::ir
