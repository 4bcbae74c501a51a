// QDQ fusion of the ops that only move values: DQ -> op -> Q with identical parameters on both
// sides becomes the op on the integer tensor (see qdq_fusion.h).
#include <cmath>
#include <string>

#include "ir/passes/qdq_fusion.h"
#include "ir/passes/qdq_fusion_match.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::ir {

bool moves_values_only(OpType op) {
  switch (op) {
    case OpType::kReshape:
    case OpType::kFlatten:
    case OpType::kTranspose:
    case OpType::kSqueeze:
    case OpType::kUnsqueeze:
    case OpType::kMaxPool:
    case OpType::kDepthToSpace:
    case OpType::kSpaceToDepth:
    case OpType::kPad:
      return true;
    default:
      return false;
  }
}

namespace qdq_fusion {
namespace {

// The constant a Pad fills with (input 2 from opset 11, attribute `value` before, default 0);
// nullopt when it is not a constant f32 scalar.
std::optional<float> pad_constant(const Node& pad) {
  if (pad.input(2) != nullptr) {
    std::optional<std::vector<float>> values = constant_floats(pad.input(2));
    if (!values || values->size() != 1) return std::nullopt;
    return (*values)[0];
  }
  Result<float> value = pad.attrs().get_float("value", 0.0f);
  if (!value.ok()) return std::nullopt;
  return *value;
}

// A constant-mode Pad's fill value quantized like the tensor (as QuantizeLinear does: round half
// to even, add the zero point, saturate), as a scalar constant of the tensor's dtype.
Value* quantized_pad_constant(Graph& graph, const Node& pad, const QuantizedOperand& x,
                              float value) {
  const float q = std::nearbyint(value / x.scales()[0]) + static_cast<float>(x.zero_points()[0]);
  uint8_t bytes[4] = {};
  runtime::visit_quantized_dtype(x.dtype(), [&](auto access) {
    using Access = decltype(access);
    const float clamped =
        std::fmin(std::fmax(q, static_cast<float>(Access::kMin)), static_cast<float>(Access::kMax));
    Access::store(bytes, 0, static_cast<int32_t>(clamped));
  });
  return graph.add_constant(graph.unique_name(pad.name() + "_constant_value_quantized"), x.dtype(),
                            Shape(), ConstantData::copy_of(bytes, dtype_size(x.dtype())));
}

}  // namespace

std::optional<Proposal> propose_pass_through(Graph& graph, const Group& group) {
  const Node& node = *group.op;
  if (!moves_values_only(node.op()) || group.activation != nullptr) return std::nullopt;
  std::optional<QuantizedOperand> x = dequantized_activation(node.input(0));
  if (!x || !same_quantization(*x, group.output)) return std::nullopt;
  Proposal proposal;
  proposal.op = node.op();
  proposal.attrs = node.attrs();
  proposal.inputs = node.inputs();
  proposal.inputs[0] = x->data;
  if (node.op() == OpType::kPad) {
    Result<std::string> mode = node.attrs().get_string("mode", "constant");
    if (!mode.ok()) return std::nullopt;
    if (*mode == "constant") {
      std::optional<float> value = pad_constant(node);
      if (!value || std::isnan(*value)) return std::nullopt;
      if (proposal.inputs.size() < 3) proposal.inputs.resize(3, nullptr);
      proposal.inputs[2] = quantized_pad_constant(graph, node, *x, *value);
      proposal.attrs.erase("value");
    }
  }
  return proposal;
}

}  // namespace qdq_fusion
}  // namespace edgeq::ir
