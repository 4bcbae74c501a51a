#include "delegate/xnnpack/aot/ops/op_util.h"

#include <cstring>

#include "runtime/kernels/kernel.h"

namespace edgeq::xnnpack {

Status lower_refused(LoweringContext&, const ir::Node& node) {
  return invalid_argument(node.description(), " is not delegated to XNNPACK");
}

SupportDecision require_f32(const ir::Node& node, std::initializer_list<int> inputs) {
  for (int i : inputs) {
    const ir::Value* value = node.input(i);
    if (value != nullptr && value->dtype() != DType::kF32) {
      return unsupported(node, "input ", i, " is ", dtype_name(value->dtype()),
                         " (only f32 is delegated)");
    }
  }
  for (const ir::Value* value : node.outputs()) {
    if (value->dtype() != DType::kF32) {
      return unsupported(node, "output is ", dtype_name(value->dtype()),
                         " (only f32 is delegated)");
    }
  }
  return SupportDecision::yes();
}

namespace {

// Cast / DequantizeLinear of constants through the portable kernel, as the runtime computes it.
Result<runtime::EvaluatedOutput> evaluate_widening(const ir::Node& node) {
  std::vector<TensorView> inputs;
  for (const ir::Value* in : node.inputs()) inputs.push_back(in ? in->view() : TensorView());
  EDGEQ_ASSIGN_OR_RETURN(
      std::vector<runtime::EvaluatedOutput> outputs,
      runtime::evaluate_kernel(node.op(), node.attrs(), Span<const TensorView>(inputs), 1));
  return outputs[0];
}

}  // namespace

bool is_weight_widening(const ir::Node& node) {
  const ir::Value* stored = node.input(0);
  const ir::Value* out = node.output(0);
  if (stored == nullptr || !stored->is_constant() || out == nullptr || !out->has_type() ||
      out->dtype() != DType::kF32) {
    return false;
  }
  if (node.op() == OpType::kCast) {
    if (stored->dtype() != DType::kF16) return false;
  } else if (node.op() == OpType::kDequantizeLinear) {
    if (node.attrs().has("block_size")) return false;
    if (stored->dtype() != DType::kI8 && stored->dtype() != DType::kU8) return false;
    for (const ir::Value* in : node.inputs()) {
      if (in != nullptr && !in->is_constant()) return false;
    }
  } else {
    return false;
  }
  // Only what the portable kernel accepts (scale and zero-point shapes, the Cast's target).
  auto widened = evaluate_widening(node);
  return widened.ok() && widened->view.dtype == DType::kF32 && widened->view.shape == out->shape();
}

namespace {

// The weight-widening node producing `value`, or null.
const ir::Node* widening_producer(const ir::Value& value) {
  const ir::Node* producer = value.producer();
  return producer != nullptr && is_weight_widening(*producer) ? producer : nullptr;
}

}  // namespace

bool input_is_constant(const ir::Node& node, int index) {
  const ir::Value* value = node.input(index);
  return value != nullptr && (value->is_constant() || widening_producer(*value) != nullptr);
}

std::vector<float> constant_floats(const ir::Value& value) {
  std::vector<float> out(static_cast<size_t>(value.shape().numel()));
  if (out.empty()) return out;
  const ir::Node* widening = widening_producer(value);
  if (widening == nullptr) {
    std::memcpy(out.data(), value.constant()->data(), out.size() * sizeof(float));
    return out;
  }
  // is_weight_widening evaluated the same node successfully, to the value's shape.
  auto widened = evaluate_widening(*widening);
  if (widened.ok()) std::memcpy(out.data(), widened->view.data, out.size() * sizeof(float));
  return out;
}

Window2d window_2d(const ir::Node& node, const std::vector<int64_t>& kernel_shape) {
  Window2d window;
  const ir::Value* input = node.input(0);
  if (input->shape().rank() != 4) {
    window.error =
        str_cat("input rank ", input->shape().rank(), " (only 2-D windows are delegated)");
    return window;
  }
  auto attrs = runtime::parse_window_attributes(node.attrs());
  if (!attrs.ok()) {
    window.error = attrs.status().message();
    return window;
  }
  auto geometry = runtime::forward_window_geometry(
      *attrs, input->shape(), kernel_shape.empty() ? attrs->kernel_shape : kernel_shape);
  if (!geometry.ok()) {
    window.error = geometry.status().message();
    return window;
  }
  window.geometry = *geometry;
  const runtime::WindowGeometry& g = window.geometry;
  for (int d = 1; d < 3; ++d) {
    if (g.pad_begin[d] < 0 || g.pad_end[d] < 0) {
      window.error = "negative padding";
      return window;
    }
    // XNNPACK computes floor((padded - dilated kernel) / stride) + 1: a ceil_mode window that
    // adds a partial output is not expressible.
    const int64_t floor_output =
        (g.input[d] + g.pad_begin[d] + g.pad_end[d] - g.dilated_kernel(d)) / g.stride[d] + 1;
    if (floor_output != g.output[d]) {
      window.error = "ceil_mode adds a partial window XNNPACK does not compute";
      return window;
    }
  }
  return window;
}

std::vector<int64_t> window_params(const runtime::WindowGeometry& g, bool with_dilation) {
  std::vector<int64_t> params = {g.pad_begin[1], g.pad_end[2], g.pad_end[1], g.pad_begin[2],
                                 g.kernel[1],    g.kernel[2],  g.stride[1],  g.stride[2]};
  if (with_dilation) {
    params.push_back(g.dilation[1]);
    params.push_back(g.dilation[2]);
  }
  return params;
}

SupportDecision require_conv_operands(const ir::Node& node) {
  SupportDecision f32 = require_f32(node, {0, 1, 2});
  if (!f32.supported) return f32;
  const ir::Value* weights = node.input(1);
  if (!input_is_constant(node, 1) || weights->shape().rank() != 4) {
    return unsupported(node, "weights must be a constant 4-D tensor");
  }
  if (node.input(2) != nullptr && !input_is_constant(node, 2)) {
    return unsupported(node, "bias must be constant");
  }
  return SupportDecision::yes();
}

}  // namespace edgeq::xnnpack
