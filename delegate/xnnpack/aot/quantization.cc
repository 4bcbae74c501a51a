#include "delegate/xnnpack/aot/quantization.h"

#include <cmath>
#include <limits>
#include <set>

#include "delegate/xnnpack/runtime/output_code.h"
#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack {
namespace {

// Where a node states the quantization of one of its activations: the value (an input index, or
// kOutput for output 0) and the inputs holding its scale and zero point.
constexpr int kOutput = -1;
struct Site {
  int value;
  int scale;
  int zero_point;
};

std::vector<Site> quantization_sites(OpType op) {
  switch (op) {
    case OpType::kQLinearConv:
    case OpType::kQLinearMatMul:
      return {{0, 1, 2}, {kOutput, 6, 7}};
    case OpType::kQLinearAdd:
    case OpType::kQLinearMul:
      return {{0, 1, 2}, {3, 4, 5}, {kOutput, 6, 7}};
    case OpType::kQLinearAveragePool:
    case OpType::kQLinearGlobalAveragePool:
    case OpType::kQLinearSigmoid:
    case OpType::kQLinearLeakyRelu:
      return {{0, 1, 2}, {kOutput, 3, 4}};
    case OpType::kQuantizeLinear:
      return {{kOutput, 1, 2}};
    case OpType::kDequantizeLinear:
      return {{0, 1, 2}};
    default:
      return {};
  }
}

// Ops that move int8 codes without changing their meaning (input 0 -> output 0).
bool is_pass_through(OpType op) {
  switch (op) {
    case OpType::kMaxPool:
    case OpType::kReshape:
    case OpType::kFlatten:
    case OpType::kPad:
    case OpType::kDepthToSpace:
    case OpType::kResize:
    case OpType::kSqueeze:
    case OpType::kUnsqueeze:
    case OpType::kTranspose:
      return true;
    default:
      return false;
  }
}

// The quantization `node` states at `site`, read from its constant scalar inputs.
Result<QuantParams> read_site(const ir::Node& node, const Site& site, DType dtype) {
  QuantParams params;
  params.dtype = dtype;
  EDGEQ_ASSIGN_OR_RETURN(std::vector<float> scales, constant_scales(node, site.scale, 1));
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int32_t> points,
                         constant_zero_points(node, site.zero_point, dtype, 1));
  params.scale = scales[0];
  params.zero_point = points[0];
  return params;
}

std::string describe(const QuantParams& p) {
  return str_cat("scale ", p.scale, ", zero point ", p.zero_point);
}

// The first quantization found for a group of values, and the node that stated it.
struct Finding {
  bool found = false;
  QuantParams params;
  std::string source;
};

// Records what `node` states at `site` about `value` (a member of the group); an error when it
// cannot be read or contradicts what was found before.
Status record(Finding* finding, const ir::Value& value, const ir::Node& node, const Site& site) {
  auto params = read_site(node, site, value.dtype());
  if (!params.ok()) {
    return invalid_argument("'", value.name(), "': ", node.description(), ": ",
                            params.status().message());
  }
  if (!finding->found) {
    *finding = {true, *params, node.description()};
    return Status::Ok();
  }
  const QuantParams& seen = finding->params;
  if (seen.scale != params->scale || seen.zero_point != params->zero_point) {
    return invalid_argument("'", value.name(), "' has two quantizations: ", describe(seen), " (",
                            finding->source, ") and ", describe(*params), " (", node.description(),
                            ")");
  }
  return Status::Ok();
}

}  // namespace

bool is_quantized_8bit(DType dtype) { return dtype == DType::kI8 || dtype == DType::kU8; }

Result<QuantParams> value_quantization(const ir::Value& value) {
  if (!is_quantized_8bit(value.dtype())) {
    return invalid_argument("'", value.name(), "' is ", dtype_name(value.dtype()),
                            ", not int8/uint8");
  }
  // The values joined to `value` by pass-through ops all share one quantization.
  std::vector<const ir::Value*> group = {&value};
  std::set<const ir::Value*> seen = {&value};
  auto join = [&](const ir::Value* other) {
    if (other != nullptr && other->dtype() == value.dtype() && seen.insert(other).second) {
      group.push_back(other);
    }
  };
  Finding finding;
  for (size_t i = 0; i < group.size(); ++i) {
    const ir::Value* member = group[i];
    if (const ir::Node* producer = member->producer()) {
      if (is_pass_through(producer->op())) join(producer->input(0));
      for (const Site& site : quantization_sites(producer->op())) {
        if (site.value == kOutput && producer->output(0) == member) {
          EDGEQ_RETURN_IF_ERROR(record(&finding, *member, *producer, site));
        }
      }
    }
    for (const ir::Use& use : member->uses()) {
      if (is_pass_through(use.node->op()) && use.input_index == 0) join(use.node->output(0));
      for (const Site& site : quantization_sites(use.node->op())) {
        if (site.value == use.input_index) {
          EDGEQ_RETURN_IF_ERROR(record(&finding, *member, *use.node, site));
        }
      }
    }
  }
  if (!finding.found) {
    return invalid_argument(
        "no QLinear*, QuantizeLinear or DequantizeLinear node states the "
        "scale and zero point of '",
        value.name(), "'");
  }
  return finding.params;
}

Result<std::vector<float>> constant_scales(const ir::Node& node, int index, int64_t count) {
  const ir::Value* scale = node.input(index);
  if (scale == nullptr || !scale->is_constant() || scale->dtype() != DType::kF32 ||
      scale->shape().rank() > 1 ||
      (scale->shape().numel() != 1 && scale->shape().numel() != count)) {
    return invalid_argument("input ", index, " (scale) must be a constant f32 scalar",
                            count > 1 ? str_cat(" or [", count, "]") : "");
  }
  const float* data = scale->constant()->data_as<float>();
  std::vector<float> scales(data, data + scale->shape().numel());
  for (float s : scales) EDGEQ_RETURN_IF_ERROR(runtime::check_quantization_scale(s, "scale"));
  return scales;
}

Result<std::vector<int32_t>> constant_zero_points(const ir::Node& node, int index, DType dtype,
                                                  int64_t count) {
  const ir::Value* point = node.input(index);
  if (point == nullptr) return std::vector<int32_t>(count, 0);
  if (!point->is_constant() || point->dtype() != dtype || point->shape().rank() > 1 ||
      (point->shape().numel() != 1 && point->shape().numel() != count)) {
    return invalid_argument("input ", index, " (zero point) must be a constant ", dtype_name(dtype),
                            " scalar", count > 1 ? str_cat(" or [", count, "]") : "");
  }
  std::vector<int32_t> points(count);
  const int64_t stored = point->shape().numel();
  for (int64_t i = 0; i < count; ++i) {
    const int64_t at = stored == 1 ? 0 : i;
    points[i] = dtype == DType::kI8 ? int32_t{point->constant()->data_as<int8_t>()[at]}
                                    : int32_t{point->constant()->data_as<uint8_t>()[at]};
  }
  return points;
}

namespace {

int32_t dtype_min(DType dtype) { return dtype == DType::kI8 ? -128 : 0; }
int32_t dtype_max(DType dtype) { return dtype == DType::kI8 ? 127 : 255; }

// A float that XNNPACK quantizes to `code`: (code - zero_point) * scale, checked.
Result<float> bound_for_code(const QuantParams& out, int32_t code, const char* what) {
  const float bound = static_cast<float>(code - out.zero_point) * out.scale;
  if (!std::isfinite(bound) || xnnpack_quantized_bound(bound, out) != code) {
    return invalid_argument(what, " ", code,
                            " has no float bound that XNNPACK quantizes back to it"
                            " with ",
                            describe(out));
  }
  return bound;
}

}  // namespace

int32_t xnnpack_quantized_bound(float bound, const QuantParams& out) {
  return xnnpack_output_code(bound, out.scale, out.zero_point,
                             static_cast<int32_t>(dtype_min(out.dtype)),
                             static_cast<int32_t>(dtype_max(out.dtype)));
}

Result<FloatRange> float_output_range(const QuantParams& out, int32_t qmin, int32_t qmax) {
  if (qmin < dtype_min(out.dtype) || qmax > dtype_max(out.dtype) || qmin >= qmax) {
    return invalid_argument("output range [", qmin, ", ", qmax, "] must be increasing and within ",
                            dtype_name(out.dtype), " (XNNPACK needs output_min < output_max)");
  }
  FloatRange range{-std::numeric_limits<float>::infinity(), std::numeric_limits<float>::infinity()};
  if (qmin != dtype_min(out.dtype)) {
    EDGEQ_ASSIGN_OR_RETURN(range.min, bound_for_code(out, qmin, "output_min"));
  }
  if (qmax != dtype_max(out.dtype)) {
    EDGEQ_ASSIGN_OR_RETURN(range.max, bound_for_code(out, qmax, "output_max"));
  }
  return range;
}

Result<FloatRange> node_output_range(const ir::Node& node, const QuantParams& out) {
  EDGEQ_ASSIGN_OR_RETURN(int64_t qmin, node.attrs().get_int("output_min", dtype_min(out.dtype)));
  EDGEQ_ASSIGN_OR_RETURN(int64_t qmax, node.attrs().get_int("output_max", dtype_max(out.dtype)));
  if (qmin < dtype_min(out.dtype) || qmax > dtype_max(out.dtype)) {
    return invalid_argument("output_min ", qmin, " / output_max ", qmax, " outside ",
                            dtype_name(out.dtype));
  }
  return float_output_range(out, static_cast<int32_t>(qmin), static_cast<int32_t>(qmax));
}

Result<float> float_for_code(const QuantParams& params, int32_t code) {
  if (code < dtype_min(params.dtype) || code > dtype_max(params.dtype)) {
    return invalid_argument("code ", code, " outside ", dtype_name(params.dtype));
  }
  return bound_for_code(params, code, "code");
}

}  // namespace edgeq::xnnpack
