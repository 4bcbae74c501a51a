// Matching helpers of QDQ fusion: operands behind DequantizeLinear, parameter comparison and the
// fused output range (see qdq_fusion_match.h).
#include "ir/passes/qdq_fusion_match.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ir/passes/qdq_fusion.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::ir::qdq_fusion {
namespace {

int32_t dtype_min(DType dtype) {
  int32_t value = 0;
  runtime::visit_quantized_dtype(dtype, [&](auto access) { value = decltype(access)::kMin; });
  return value;
}

int32_t dtype_max(DType dtype) {
  int32_t value = 0;
  runtime::visit_quantized_dtype(dtype, [&](auto access) { value = decltype(access)::kMax; });
  return value;
}

// Clip's bound from input `index` (opset 11+) or attribute `name` (opset 6); `fallback` when
// absent. nullopt when the bound is not a constant f32 scalar.
std::optional<float> clip_bound(const Node& clip, int index, const char* name, float fallback) {
  const Value* input = clip.input(index);
  if (input != nullptr) {
    std::optional<std::vector<float>> values = constant_floats(input);
    if (!values || values->size() != 1) return std::nullopt;
    return (*values)[0];
  }
  Result<float> attr = clip.attrs().get_float(name, fallback);
  if (!attr.ok()) return std::nullopt;
  return *attr;
}

}  // namespace

bool QuantizedOperand::per_tensor() const { return scale->shape().numel() == 1; }

std::vector<float> QuantizedOperand::scales() const { return *constant_floats(scale); }

std::vector<int32_t> QuantizedOperand::zero_points() const {
  const size_t count = static_cast<size_t>(scale->shape().numel());
  std::vector<int32_t> points(count, 0);
  if (zero_point == nullptr) return points;
  runtime::visit_quantized_dtype(zero_point->dtype(), [&](auto access) {
    for (size_t i = 0; i < count; ++i) {
      points[i] = decltype(access)::load(zero_point->constant()->data(), static_cast<int64_t>(i));
    }
  });
  return points;
}

std::optional<std::vector<float>> constant_floats(const Value* value) {
  if (value == nullptr || !value->is_constant() || value->dtype() != DType::kF32) {
    return std::nullopt;
  }
  const float* data = value->constant()->data_as<float>();
  return std::vector<float>(data, data + value->shape().numel());
}

std::optional<QuantizedOperand> dequantized(const Value* value) {
  if (value == nullptr) return std::nullopt;
  const Node* dq = value->producer();
  if (dq == nullptr || dq->op() != OpType::kDequantizeLinear) return std::nullopt;
  QuantizedOperand operand;
  operand.data = dq->input(0);
  operand.scale = dq->input(1);
  operand.zero_point = dq->input(2);
  Result<int64_t> block_size = dq->attrs().get_int("block_size", 0);
  Result<int64_t> axis = dq->attrs().get_int("axis", 1);
  if (!block_size.ok() || *block_size != 0 || !axis.ok()) return std::nullopt;
  if (!operand.data->has_type() || !runtime::is_quantized_dtype(operand.data->dtype()) ||
      operand.data->dtype() == DType::kI4) {
    return std::nullopt;
  }
  if (!constant_floats(operand.scale) || operand.scale->shape().rank() > 1) return std::nullopt;
  if (operand.zero_point != nullptr &&
      (!operand.zero_point->is_constant() || operand.zero_point->dtype() != operand.dtype() ||
       operand.zero_point->shape().numel() != operand.scale->shape().numel())) {
    return std::nullopt;
  }
  const int rank = operand.data->shape().rank();
  operand.axis = *axis < 0 ? *axis + rank : *axis;
  // Per axis: one parameter per slice along an existing axis (what DequantizeLinear checks too).
  if (!operand.per_tensor() &&
      (operand.axis < 0 || operand.axis >= rank ||
       operand.scale->shape().numel() != operand.data->shape()[static_cast<int>(operand.axis)])) {
    return std::nullopt;
  }
  return operand;
}

std::optional<QuantizedOperand> dequantized_activation(const Value* value) {
  std::optional<QuantizedOperand> operand = dequantized(value);
  if (!operand || !operand->per_tensor() || !fusible_activation_dtype(operand->dtype())) {
    return std::nullopt;
  }
  return operand;
}

bool same_quantization(const QuantizedOperand& a, const QuantizedOperand& b) {
  return a.dtype() == b.dtype() && a.scales() == b.scales() && a.zero_points() == b.zero_points();
}

bool is_private(const Graph& graph, const Value* value) {
  return value->uses().size() == 1 && !graph.is_graph_output(value);
}

int32_t quantize_output_bound(float bound, float scale, int32_t zero_point, DType dtype) {
  const float lo = static_cast<float>(dtype_min(dtype));
  const float hi = static_cast<float>(dtype_max(dtype));
  const float q = bound / scale + static_cast<float>(zero_point);
  return static_cast<int32_t>(std::lrintf(std::min(std::max(q, lo), hi)));
}

bool add_output_range(const Group& group, Attributes& attrs) {
  if (group.activation == nullptr) return true;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  float lo = 0.0f;
  float hi = kInf;
  if (group.activation->op() == OpType::kClip) {
    std::optional<float> min = clip_bound(*group.activation, 1, "min", -kInf);
    std::optional<float> max = clip_bound(*group.activation, 2, "max", kInf);
    if (!min || !max || std::isnan(*min) || std::isnan(*max) || *min > *max) return false;
    lo = *min;
    hi = *max;
  }
  const QuantizedOperand& out = group.output;
  const float scale = out.scales()[0];
  const int32_t zero_point = out.zero_points()[0];
  attrs.set("output_min", int64_t{quantize_output_bound(lo, scale, zero_point, out.dtype())});
  attrs.set("output_max", int64_t{quantize_output_bound(hi, scale, zero_point, out.dtype())});
  return true;
}

void append_operand(std::vector<Value*>& inputs, const QuantizedOperand& operand) {
  inputs.push_back(operand.data);
  inputs.push_back(operand.scale);
  inputs.push_back(operand.zero_point);
}

}  // namespace edgeq::ir::qdq_fusion
