// Gemm and MatMul with a constant right side, as XNNPACK fully connected (weights [out, in]).
#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {
namespace {

// [rows, cols] -> [cols, rows], each element times `scale`.
std::vector<float> transpose_scaled(const std::vector<float>& in, int64_t rows, int64_t cols,
                                    float scale) {
  std::vector<float> out(in.size());
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) out[c * rows + r] = in[r * cols + c] * scale;
  }
  return out;
}

SupportDecision supports_gemm(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32(node, {0, 1, 2});
  if (!f32.supported) return f32;
  if (!input_is_constant(node, 1)) return unsupported(node, "B must be constant");
  auto trans_a = node.attrs().get_int("transA", 0);
  if (!trans_a.ok() || *trans_a != 0) return unsupported(node, "transA is not supported");
  if (node.input(0)->shape().rank() != 2 || node.input(1)->shape().rank() != 2) {
    return unsupported(node, "A and B must be 2-D");
  }
  const int64_t n = node.output(0)->shape()[1];
  if (const ir::Value* c = node.input(2)) {
    if (!c->is_constant()) return unsupported(node, "C must be constant");
    if (c->shape().numel() != n && c->shape().numel() != 1) {
      return unsupported(node, "C of shape ", c->shape().to_string(),
                         " is not a per-output-column bias");
    }
  }
  return SupportDecision::yes();
}

SupportDecision supports_matmul(const ir::Graph&, const ir::Node& node) {
  SupportDecision f32 = require_f32(node, {0, 1});
  if (!f32.supported) return f32;
  if (!input_is_constant(node, 1) || node.input(1)->shape().rank() != 2) {
    return unsupported(node, "the right side must be a constant 2-D matrix");
  }
  const int rank = node.input(0)->shape().rank();
  if (rank < 2 || rank == 4) {
    return unsupported(node,
                       "the left side must be 2-D, 3-D, 5-D or 6-D (4-D values are NHWC "
                       "inside the delegate)");
  }
  return SupportDecision::yes();
}

// Emits the fully connected node reading `input` with weights [out, in] and an optional bias.
Status emit_fully_connected(LoweringContext& context, const ir::Node& node,
                            std::vector<float> weights, uint32_t out, uint32_t in,
                            std::vector<float> bias) {
  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::FullyConnected;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  const uint32_t filter = context.define_constant({out, in}, weights);
  const uint32_t bias_id = bias.empty() ? kNoValue : context.define_constant({out}, bias);
  payload_node.inputs = {input, filter, bias_id};
  payload_node.outputs = {context.define_output(node.output(0))};
  payload_node.float_params = {kNoMin, kNoMax};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/true);
  return Status::Ok();
}

Status lower_gemm(LoweringContext& context, const ir::Node& node) {
  const float alpha = node.attrs().get_float("alpha", 1.f).value();
  const float beta = node.attrs().get_float("beta", 1.f).value();
  const bool trans_b = node.attrs().get_int("transB", 0).value() != 0;
  const ir::Value& b = *node.input(1);
  const int64_t k = node.input(0)->shape()[1], n = node.output(0)->shape()[1];
  std::vector<float> weights = constant_floats(b);
  if (trans_b) {
    for (float& w : weights) w *= alpha;
  } else {
    weights = transpose_scaled(weights, k, n, alpha);
  }
  std::vector<float> bias;
  if (const ir::Value* c = node.input(2)) {
    const std::vector<float> values = constant_floats(*c);
    for (int64_t j = 0; j < n; ++j) bias.push_back(beta * values[values.size() == 1 ? 0 : j]);
  }
  return emit_fully_connected(context, node, std::move(weights), n, k, std::move(bias));
}

Status lower_matmul(LoweringContext& context, const ir::Node& node) {
  const ir::Value& b = *node.input(1);
  const int64_t k = b.shape()[0], n = b.shape()[1];
  return emit_fully_connected(context, node, transpose_scaled(constant_floats(b), k, n, 1.f), n, k,
                              {});
}

}  // namespace

std::vector<OpLowering> fully_connected_ops() {
  return {{OpType::kGemm, supports_gemm, lower_gemm},
          {OpType::kMatMul, supports_matmul, lower_matmul}};
}

}  // namespace edgeq::xnnpack
