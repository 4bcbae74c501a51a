// DynamicQuantizeMatMul as the delegate's own DynamicQuantizedLinear node (not an XNNPACK call:
// XNNPACK 2022 has no dynamically quantized activations and no int4 weights). The raw weights
// are stored in the payload re-laid as [N, K] (int4 still two per byte), with scales [N]
// (dynamic int8) or [N, groups] (8da4w) and an optional f32 bias [N]; the runtime packs them once
// at init into the layout delegate/xnnpack/kernels streams (runtime/linear_node.h).
#include <cmath>
#include <cstring>

#include "delegate/xnnpack/aot/ops/op_util.h"
#include "delegate/xnnpack/kernels/linear_kernels.h"

namespace edgeq::xnnpack {
namespace {

// pack_8da4w_linear's group sizes.
constexpr int64_t kMinGroup = 32;
constexpr int64_t kMaxGroup = 256;
constexpr int64_t kGroupMultiple = 8;

std::vector<uint8_t> bytes_of(const std::vector<float>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(float));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

SupportDecision supports_dynamic_quantize_matmul(const ir::Graph&, const ir::Node& node) {
  const ir::Value* a = node.input(0);
  const ir::Value* b = node.input(1);
  if (a->dtype() != DType::kF32 || a->is_constant()) {
    return unsupported(node, "A must be a non-constant f32 tensor");
  }
  if (a->shape().rank() > 3) {
    return unsupported(node, "A must have rank 1 to 3 (4-D values are NHWC inside the delegate)");
  }
  for (int i : {1, 2, 3, 4}) {
    if (node.input(i) != nullptr && !node.input(i)->is_constant()) {
      return unsupported(node, "input ", i, " must be constant");
    }
  }
  const int64_t k = b->shape()[0];
  if (k > kMaxLinearK) return unsupported(node, "K = ", k, " exceeds ", kMaxLinearK);
  const int64_t group = node.attrs().get_int("block_size", 0).value();
  if (b->dtype() == DType::kI8 && group != 0) {
    return unsupported(node, "int8 weights must be per channel or per tensor (no block_size)");
  }
  if (b->dtype() == DType::kI4 &&
      (group < kMinGroup || group > kMaxGroup || group % kGroupMultiple != 0)) {
    return unsupported(node, "int4 weights need a block_size in [", kMinGroup, ", ", kMaxGroup,
                       "] that is a multiple of ", kGroupMultiple, ", got ", group);
  }
  for (float scale : constant_floats(*node.input(2))) {
    if (!std::isfinite(scale) || scale <= 0.f) {
      return unsupported(node, "weight scales must be finite and positive, got ", scale);
    }
  }
  return SupportDecision::yes();
}

// The weights [K, N] re-laid as [N, K] in their own storage (i8 bytes or packed i4).
std::vector<uint8_t> weights_n_by_k(const ir::Value& b) {
  const int64_t k = b.shape()[0], n = b.shape()[1];
  const uint8_t* in = b.constant()->data();
  std::vector<uint8_t> out(dtype_storage_bytes(b.dtype(), static_cast<size_t>(k * n)));
  for (int64_t r = 0; r < k; ++r) {
    for (int64_t c = 0; c < n; ++c) {
      const size_t from = static_cast<size_t>(r * n + c), to = static_cast<size_t>(c * k + r);
      if (b.dtype() == DType::kI4) {
        int4_set(out.data(), to, int4_get(in, from));
      } else {
        out[to] = in[from];
      }
    }
  }
  return out;
}

// The scales as the kernels take them: [N] (a per-tensor scale repeated) or [N, groups].
std::vector<float> scales_n_major(const ir::Value& scale, int64_t n, int64_t groups) {
  const std::vector<float> in = constant_floats(scale);
  std::vector<float> out(static_cast<size_t>(n * groups));
  for (int64_t c = 0; c < n; ++c) {
    for (int64_t g = 0; g < groups; ++g) {
      const size_t from = in.size() == 1 ? 0 : static_cast<size_t>(g * n + c);
      out[static_cast<size_t>(c * groups + g)] = in[from];
    }
  }
  return out;
}

Status lower_dynamic_quantize_matmul(LoweringContext& context, const ir::Node& node) {
  const ir::Value& b = *node.input(1);
  const int64_t k = b.shape()[0], n = b.shape()[1];
  const int64_t group = node.attrs().get_int("block_size", 0).value();
  const int64_t groups = group == 0 ? 1 : (k + group - 1) / group;
  PayloadNode payload_node;
  payload_node.kind = schema::NodeKind::DynamicQuantizedLinear;
  EDGEQ_ASSIGN_OR_RETURN(uint32_t input, context.value_id(node.input(0)));
  payload_node.inputs = {input};
  payload_node.outputs = {context.define_output(node.output(0))};
  const int weights = context.add_constant_bytes(weights_n_by_k(b));
  const int scales =
      context.add_constant_bytes(bytes_of(scales_n_major(*node.input(2), n, groups)));
  const ir::Value* bias = node.input(4);
  const int bias_constant =
      bias == nullptr ? -1 : context.add_constant_bytes(bytes_of(constant_floats(*bias)));
  payload_node.int_params = {k, n, group, weights, scales, bias_constant};
  context.add_node(node, std::move(payload_node), /*has_output_range=*/false);
  return Status::Ok();
}

}  // namespace

std::vector<OpLowering> dynamic_quantize_matmul_ops() {
  return {{OpType::kDynamicQuantizeMatMul, supports_dynamic_quantize_matmul,
           lower_dynamic_quantize_matmul}};
}

}  // namespace edgeq::xnnpack
