#include "delegate/xnnpack/runtime/linear_node.h"

#include <algorithm>
#include <atomic>
#include <string>

namespace edgeq::xnnpack {
namespace {

std::atomic<LinearIsa> requested_isa{LinearIsa::kAuto};

constexpr size_t kIntParams = 6;  // K, N, group, weights, scales, bias

std::string describe(const schema::Node& node, size_t index) {
  return str_cat("xnnpack node ", index, " (DynamicQuantizedLinear '",
                 node.name() == nullptr ? "" : node.name()->str(), "')");
}

// The bytes of payload constant `index` when it holds exactly `bytes` of them.
Result<const void*> constant_of(const schema::Payload& payload, int64_t index, uint64_t bytes,
                                const std::vector<const void*>& constant_data, const char* role) {
  const auto* constants = payload.constants();
  if (constants == nullptr || index < 0 || static_cast<uint64_t>(index) >= constants->size()) {
    return data_loss(role, " names constant ", index, " which does not exist");
  }
  const auto* data = constants->Get(static_cast<uint32_t>(index))->data();
  if (data == nullptr || data->size() != bytes) {
    return data_loss(role, " constant ", index, " does not hold ", bytes, " bytes");
  }
  return constant_data[static_cast<size_t>(index)];
}

// Checks the node's operands and packs its weights.
Result<PackedLinear> pack_node(const schema::Payload& payload, const schema::Node& node,
                               const std::vector<const void*>& constant_data) {
  const auto* ints = node.int_params();
  if (node.inputs()->size() != 1 || node.outputs()->size() != 1 || ints == nullptr ||
      ints->size() != kIntParams ||
      (node.float_params() != nullptr && node.float_params()->size() != 0)) {
    return data_loss("expects 1 input, 1 output, ", kIntParams, " int params, no float params");
  }
  for (uint32_t id : {node.inputs()->Get(0), node.outputs()->Get(0)}) {
    if (id >= payload.values()->size() ||
        payload.values()->Get(id)->datatype() != schema::DataType::Fp32) {
      return data_loss("input and output must be fp32 values");
    }
  }
  const int64_t k = ints->Get(0), n = ints->Get(1), group = ints->Get(2);
  if (k < 1 || k > kMaxLinearK || n < 1 || n > (int64_t{1} << 32) / k || group < 0) {
    return data_loss("K = ", k, ", N = ", n, ", group = ", group, " out of range");
  }
  const int64_t groups = group == 0 ? 1 : (k + group - 1) / group;
  const uint64_t weight_bytes =
      group == 0 ? static_cast<uint64_t>(n * k) : static_cast<uint64_t>((n * k + 1) / 2);
  EDGEQ_ASSIGN_OR_RETURN(const void* weights,
                         constant_of(payload, ints->Get(3), weight_bytes, constant_data, "weight"));
  EDGEQ_ASSIGN_OR_RETURN(
      const void* scales,
      constant_of(payload, ints->Get(4), static_cast<uint64_t>(n * groups) * sizeof(float),
                  constant_data, "scale"));
  const void* bias = nullptr;
  if (ints->Get(5) != -1) {
    EDGEQ_ASSIGN_OR_RETURN(
        bias, constant_of(payload, ints->Get(5), static_cast<uint64_t>(n) * sizeof(float),
                          constant_data, "bias"));
  }
  const auto* scale_data = static_cast<const float*>(scales);
  const auto* bias_data = static_cast<const float*>(bias);
  if (group == 0) {
    return pack_dynamic_int8_linear(static_cast<const int8_t*>(weights), scale_data, bias_data, n,
                                    k);
  }
  return pack_8da4w_linear(static_cast<const uint8_t*>(weights), scale_data, bias_data, n, k,
                           group);
}

}  // namespace

void set_delegate_linear_isa(LinearIsa isa) { requested_isa.store(isa); }
LinearIsa delegate_linear_isa() { return requested_isa.load(); }

LinearIsa resolved_delegate_linear_isa() {
  const LinearIsa requested = delegate_linear_isa();
  return requested == LinearIsa::kAuto ? best_linear_isa() : requested;
}

Result<LinearNode> LinearNode::create(const schema::Payload& payload, size_t index,
                                      const std::vector<const void*>& constant_data) {
  const schema::Node& node = *payload.nodes()->Get(static_cast<uint32_t>(index));
  Result<PackedLinear> packed = pack_node(payload, node, constant_data);
  if (!packed.ok()) return packed.status().with_context(describe(node, index));
  LinearNode linear;
  linear.index_ = index;
  linear.input_ = node.inputs()->Get(0);
  linear.output_ = node.outputs()->Get(0);
  linear.packed_ = std::move(packed).value();
  return linear;
}

Result<int64_t> LinearNode::rows(const std::vector<size_t>& x_dims,
                                 const std::vector<size_t>& y_dims) const {
  const bool fits = !x_dims.empty() && x_dims.size() == y_dims.size() &&
                    static_cast<int64_t>(x_dims.back()) == packed_.k() &&
                    static_cast<int64_t>(y_dims.back()) == packed_.n() &&
                    std::equal(x_dims.begin(), x_dims.end() - 1, y_dims.begin());
  if (!fits) {
    return data_loss("xnnpack node ", index_, " (DynamicQuantizedLinear): input and output dims ",
                     "do not fit K = ", packed_.k(), " and N = ", packed_.n());
  }
  int64_t rows = 1;
  for (size_t d = 0; d + 1 < x_dims.size(); ++d) rows *= static_cast<int64_t>(x_dims[d]);
  return rows;
}

Status LinearNode::run(const float* x, int64_t rows, float* y, Span<uint8_t> scratch, LinearIsa isa,
                       pthreadpool_t pool) const {
  return run_linear(packed_, x, rows, y, scratch, isa, pool);
}

}  // namespace edgeq::xnnpack
