// The pieces QDQ fusion (qdq_fusion.h) matches and builds with: quantized operands read through
// DequantizeLinear, the group ending in QuantizeLinear, the fused output range, and the proposal a
// per-op builder returns (qdq_fusion_linear.cc, qdq_fusion_elementwise.cc,
// qdq_fusion_pass_through.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/core/attributes.h"
#include "runtime/core/op_type.h"

namespace edgeq::ir::qdq_fusion {

// An integer tensor with its quantization parameters, as a DequantizeLinear reads it (or a
// QuantizeLinear writes it).
struct QuantizedOperand {
  Value* data = nullptr;        // the integer tensor
  Value* scale = nullptr;       // f32 constant: one element, or one per slice along `axis`
  Value* zero_point = nullptr;  // constant of data's dtype with scale's shape; nullptr means 0
  int64_t axis = 1;             // the per-axis dimension (normalized to >= 0 when data is typed)

  DType dtype() const { return data->dtype(); }
  bool per_tensor() const;
  std::vector<float> scales() const;
  // One per scale; zeros when the zero point is absent.
  std::vector<int32_t> zero_points() const;
};

// The operand `value` is computed from: the input of the DequantizeLinear producing it, when that
// node has constant parameters and no block_size. nullopt otherwise.
std::optional<QuantizedOperand> dequantized(const Value* value);
// dequantized() restricted to a per-tensor operand of a fusible activation dtype.
std::optional<QuantizedOperand> dequantized_activation(const Value* value);
// The operand's parameters equal `other`'s (dtype, scale and zero point values).
bool same_quantization(const QuantizedOperand& a, const QuantizedOperand& b);
// `value` is read by exactly one node input and is not a graph output.
bool is_private(const Graph& graph, const Value* value);

// A matched group: op -> [activation] -> quantize.
struct Group {
  Node* op = nullptr;
  Node* activation = nullptr;  // Relu or Clip, or nullptr
  Node* quantize = nullptr;
  QuantizedOperand output;  // the QuantizeLinear's output and parameters (per tensor)
};

// The node that replaces a group, and the extra group nodes it absorbs (e.g. the MatMul under a
// bias Add); `inputs` follow the fused op's input order (nullptr for an absent input).
struct Proposal {
  OpType op = OpType::kIdentity;
  std::vector<Value*> inputs;
  Attributes attrs;
  std::vector<Node*> absorbed;
};

// XNNPACK 2022's conversion of a float output bound into the quantized domain (the subgraph nodes
// compute lrintf(clamp(bound / scale + zero_point, dtype min, dtype max)), rounding half to even);
// +-infinity give the dtype's ends.
int32_t quantize_output_bound(float bound, float scale, int32_t zero_point, DType dtype);

// The fused clamp of the group's activation as output_min / output_max (set on `attrs`); false
// when the activation cannot be fused (non-constant or unordered Clip bounds). No activation sets
// nothing.
bool add_output_range(const Group& group, Attributes& attrs);

// Adds the three operand inputs (data, scale, zero point) to `inputs`.
void append_operand(std::vector<Value*>& inputs, const QuantizedOperand& operand);

// The f32 values of a constant f32 tensor (nullopt when not a constant f32).
std::optional<std::vector<float>> constant_floats(const Value* value);

// Per-op builders: the proposal for `group`, or nullopt when the group does not fit exactly.
std::optional<Proposal> propose_linear(Graph& graph, const Group& group);
std::optional<Proposal> propose_elementwise(Graph& graph, const Group& group);
std::optional<Proposal> propose_pass_through(Graph& graph, const Group& group);

}  // namespace edgeq::ir::qdq_fusion
