// QLinearMatMul with a constant 2-D right side b [K, N] (and the optional int32 bias, input 8):
//  - per-tensor b: XNNPACK's quantized fully connected (filter [N, K]; qint8 weights need zero
//    point 0, quint8 weights may have any; int8 weights of a uint8 a are re-coded as uint8);
//  - per-column int8 b (b_scale [N]): XNNPACK 2022's fully connected has no qcint8 filter, so the
//    left side is reshaped to [d0, rows, 1, K], multiplied by a 1x1 convolution with a qcint8
//    filter [N, 1, 1, K] and qcint32 bias, and reshaped back.
// A 4-D left side is NHWC inside the delegate (the product would be over the wrong dim) and stays
// portable, as do requantization multipliers a_scale * b_scale / y_scale >= 256.
#include "delegate/xnnpack/aot/ops/qlinear_util.h"

namespace edgeq::xnnpack {
namespace {

constexpr int kB = 3;
constexpr int kBias = 8;

struct QMatMulPlan {
  QuantizedOperands operands;
  WeightQuantization weights;
  FloatRange range;
  std::string error;
};

QMatMulPlan plan_qmatmul(const ir::Node& node) {
  QMatMulPlan plan;
  plan.operands = quantized_operands(node, {0});
  if (!plan.operands.error.empty()) {
    plan.error = plan.operands.error;
    return plan;
  }
  const ir::Value* b = node.input(kB);
  if (!b->is_constant() || b->shape().rank() != 2 || !is_quantized_8bit(b->dtype())) {
    plan.error = "b must be a constant 2-D int8/uint8 matrix (XNNPACK's weights)";
    return plan;
  }
  if (node.input(0)->shape().rank() == 4) {
    plan.error = "a 4-D left side is NHWC inside the delegate";
    return plan;
  }
  const int64_t columns = b->shape()[1];
  plan.weights = weight_quantization(node, 4, 5, b->dtype(), columns, plan.operands.inputs[0],
                                     plan.operands.output);
  if (!plan.weights.error.empty()) {
    plan.error = plan.weights.error;
    return plan;
  }
  plan.error = bias_error(node, kBias, columns);
  if (!plan.error.empty()) return plan;
  auto range = node_output_range(node, plan.operands.output);
  if (!range.ok()) {
    plan.error = range.status().message();
    return plan;
  }
  plan.range = *range;
  return plan;
}

SupportDecision supports_qmatmul(const ir::Graph&, const ir::Node& node) {
  const QMatMulPlan plan = plan_qmatmul(node);
  if (!plan.error.empty()) return unsupported(node, plan.error);
  return SupportDecision::yes();
}

// b [K, N] as [N, K] (the filter layout of both fully connected and the 1x1 convolution).
std::vector<uint8_t> transposed(const ir::Value& b) {
  const int64_t K = b.shape()[0], N = b.shape()[1];
  const uint8_t* data = b.constant()->data();
  std::vector<uint8_t> out(static_cast<size_t>(K * N));
  for (int64_t k = 0; k < K; ++k) {
    for (int64_t n = 0; n < N; ++n) out[n * K + k] = data[k * N + n];
  }
  return out;
}

// A StaticReshape payload node from `input` to `output`.
void add_reshape(LoweringContext& context, const ir::Node& node, uint32_t input, uint32_t output) {
  PayloadNode reshape;
  reshape.kind = schema::NodeKind::StaticReshape;
  reshape.inputs = {input};
  reshape.outputs = {output};
  context.add_node(node, std::move(reshape), /*has_output_range=*/false);
}

Status lower_qmatmul(LoweringContext& context, const ir::Node& node) {
  const QMatMulPlan plan = plan_qmatmul(node);
  if (!plan.error.empty()) return invalid_argument(plan.error);
  const ir::Value& a = *node.input(0);
  const ir::Value& b = *node.input(kB);
  const auto K = static_cast<uint32_t>(b.shape()[0]), N = static_cast<uint32_t>(b.shape()[1]);
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(&a));
  const bool per_channel = plan.weights.per_channel();
  const std::vector<uint32_t> filter_dims =
      per_channel ? std::vector<uint32_t>{N, 1, 1, K} : std::vector<uint32_t>{N, K};
  const uint32_t filter = define_weights(context, filter_dims, transposed(b), a.dtype(),
                                         plan.weights, /*channel_dim=*/0);
  const uint32_t bias = define_bias(context, node, kBias, plan.operands.inputs[0], plan.weights);
  PayloadNode product;
  product.float_params = {plan.range.min, plan.range.max};
  if (!per_channel) {
    product.kind = schema::NodeKind::FullyConnected;
    product.inputs = {input, filter, bias};
    product.outputs = {context.define_output(node.output(0))};
    context.add_node(node, std::move(product), /*has_output_range=*/false);
    return Status::Ok();
  }
  // [d0, d1, ..., K] -> [d0, d1 * ... , 1, K] (a rank-1 a is one row).
  const Shape& shape = a.shape();
  const int rank = shape.rank();
  uint32_t d0 = 1, rows = 1;
  if (rank >= 2) d0 = static_cast<uint32_t>(shape[0]);
  for (int d = 1; d + 1 < rank; ++d) rows *= static_cast<uint32_t>(shape[d]);
  const bool batch_scaled = rank >= 2 && a.has_symbolic_batch();
  const uint32_t image = context.define_internal({d0, rows, 1, K}, batch_scaled, &a);
  add_reshape(context, node, input, image);
  const uint32_t product_image =
      context.define_internal({d0, rows, 1, N}, batch_scaled, node.output(0));
  product.kind = schema::NodeKind::Convolution2d;
  product.inputs = {image, filter, bias};
  product.outputs = {product_image};
  // pads 0, kernel 1x1, stride 1, dilation 1, one group of K -> N channels.
  product.int_params = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, K, N};
  context.add_node(node, std::move(product), /*has_output_range=*/false);
  add_reshape(context, node, product_image, context.define_output(node.output(0)));
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> qlinear_matmul_ops() {
  return {{OpType::kQLinearMatMul, supports_qmatmul, lower_qmatmul}};
}

}  // namespace edgeq::xnnpack
