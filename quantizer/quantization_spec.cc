#include "quantizer/quantization_spec.h"

#include <sstream>
#include <tuple>

namespace edgeq::quantizer {
namespace {

// The full integer range of a quantized dtype; false for dtypes without one.
bool dtype_range(DType dtype, int32_t* lo, int32_t* hi) {
  switch (dtype) {
    case DType::kI8:
      *lo = -128, *hi = 127;
      return true;
    case DType::kU8:
      *lo = 0, *hi = 255;
      return true;
    case DType::kI16:
      *lo = -32768, *hi = 32767;
      return true;
    case DType::kI4:
      *lo = -8, *hi = 7;
      return true;
    case DType::kI32:
      *lo = INT32_MIN, *hi = INT32_MAX;
      return true;
    default:
      return false;
  }
}

QuantizationSpec activation(DType dtype, ObserverKind observer) {
  QuantizationSpec spec;
  spec.dtype = dtype;
  spec.observer = observer;
  dtype_range(dtype, &spec.quant_min, &spec.quant_max);
  return spec;
}

QuantizationSpec symmetric_weight(DType dtype, QScheme scheme, int32_t limit) {
  QuantizationSpec spec;
  spec.dtype = dtype;
  spec.qscheme = scheme;
  spec.quant_min = -limit;
  spec.quant_max = limit;
  spec.observer = scheme == QScheme::kPerTensorSymmetric  ? ObserverKind::kMinMax
                  : scheme == QScheme::kPerGroupSymmetric ? ObserverKind::kPerGroupMinMax
                                                          : ObserverKind::kPerChannelMinMax;
  return spec;
}

}  // namespace

const char* qscheme_name(QScheme scheme) {
  switch (scheme) {
    case QScheme::kPerTensorAffine:
      return "per_tensor_affine";
    case QScheme::kPerTensorSymmetric:
      return "per_tensor_symmetric";
    case QScheme::kPerChannelSymmetric:
      return "per_channel_symmetric";
    case QScheme::kPerGroupSymmetric:
      return "per_group_symmetric";
    case QScheme::kPerTokenAffine:
      return "per_token_affine";
  }
  return "unknown";
}

QuantizationSpec QuantizationSpec::int8_activation(ObserverKind observer) {
  return activation(DType::kI8, observer);
}
QuantizationSpec QuantizationSpec::uint8_activation(ObserverKind observer) {
  return activation(DType::kU8, observer);
}
QuantizationSpec QuantizationSpec::int16_activation(ObserverKind observer) {
  QuantizationSpec spec = activation(DType::kI16, observer);
  spec.qscheme = QScheme::kPerTensorSymmetric;  // TFLite's 16x8: int16 symmetric, zero point 0
  spec.quant_min = -32767;
  return spec;
}
QuantizationSpec QuantizationSpec::dynamic_int8_activation(bool per_token) {
  QuantizationSpec spec = activation(DType::kI8, ObserverKind::kMinMax);
  spec.qscheme = per_token ? QScheme::kPerTokenAffine : QScheme::kPerTensorAffine;
  spec.is_dynamic = true;
  return spec;
}
QuantizationSpec QuantizationSpec::int8_weight(bool per_channel) {
  return symmetric_weight(
      DType::kI8, per_channel ? QScheme::kPerChannelSymmetric : QScheme::kPerTensorSymmetric, 127);
}
QuantizationSpec QuantizationSpec::int4_weight_grouped(int group_size) {
  QuantizationSpec spec = symmetric_weight(DType::kI4, QScheme::kPerGroupSymmetric, 7);
  spec.quant_min = -8;  // int4 uses its full range [-8, 7] (torchao's 8da4w)
  spec.group_size = group_size;
  return spec;
}
QuantizationSpec QuantizationSpec::int8_weight_grouped(int group_size) {
  QuantizationSpec spec = symmetric_weight(DType::kI8, QScheme::kPerGroupSymmetric, 127);
  spec.group_size = group_size;
  return spec;
}
QuantizationSpec QuantizationSpec::fp16_weight() {
  QuantizationSpec spec;
  spec.dtype = DType::kF16;
  spec.qscheme = QScheme::kPerTensorSymmetric;
  spec.quant_min = 0;
  spec.quant_max = 0;
  return spec;
}

Status QuantizationSpec::validate(const std::string& where) const {
  if (dtype == DType::kF16) return Status::Ok();
  int32_t lo = 0;
  int32_t hi = 0;
  if (!dtype_range(dtype, &lo, &hi) || dtype == DType::kI32) {
    return invalid_argument(where, ": quantization dtype ", dtype_name(dtype),
                            " (supported: i8, u8, i16, i4, f16)");
  }
  if (quant_min < lo || quant_max > hi || quant_min >= quant_max) {
    return invalid_argument(where, ": range [", quant_min, ", ", quant_max, "] is not inside ",
                            dtype_name(dtype), "'s [", lo, ", ", hi, "] or is empty");
  }
  if (qscheme == QScheme::kPerGroupSymmetric && group_size <= 0) {
    return invalid_argument(where, ": per-group scheme needs group_size > 0, got ", group_size);
  }
  if (qscheme == QScheme::kPerTokenAffine && !is_dynamic) {
    return invalid_argument(where, ": per-token quantization is only dynamic");
  }
  if (!(eps > 0.0f)) return invalid_argument(where, ": eps must be > 0, got ", eps);
  return Status::Ok();
}

std::string QuantizationSpec::to_string() const {
  std::ostringstream out;
  out << dtype_name(dtype);
  if (dtype == DType::kF16) return out.str();
  out << " " << qscheme_name(qscheme);
  if (axis >= 0) out << " axis=" << axis;
  if (group_size > 0) out << " group=" << group_size;
  out << " [" << quant_min << ", " << quant_max << "]";
  out << (is_dynamic ? " dynamic" : std::string(" ") + observer_kind_name(observer));
  return out.str();
}

bool QuantizationSpec::operator==(const QuantizationSpec& o) const {
  return std::tie(dtype, qscheme, quant_min, quant_max, axis, group_size, observer, eps,
                  is_dynamic) == std::tie(o.dtype, o.qscheme, o.quant_min, o.quant_max, o.axis,
                                          o.group_size, o.observer, o.eps, o.is_dynamic);
}

std::string EdgeRef::to_string() const {
  return str_cat(kind == Kind::kInput ? "input " : "output ", index, " of '", node, "'");
}

bool EdgeRef::operator<(const EdgeRef& o) const {
  return std::tie(node, kind, index) < std::tie(o.node, o.kind, o.index);
}

std::string edge_spec_to_string(const EdgeSpec& spec) {
  if (const auto* q = std::get_if<QuantizationSpec>(&spec)) return "Quant(" + q->to_string() + ")";
  if (const auto* s = std::get_if<SharedSpec>(&spec)) return "Shared(" + s->edge.to_string() + ")";
  if (const auto* f = std::get_if<FixedSpec>(&spec)) {
    return str_cat("Fixed(", dtype_name(f->dtype), " scale=", f->scale, " zp=", f->zero_point, ")");
  }
  const auto& d = std::get<DerivedSpec>(spec);
  std::string factors;
  for (const auto& edge : d.factors) factors += (factors.empty() ? "" : " x ") + edge.to_string();
  return str_cat("Derived(", dtype_name(d.dtype), " ", factors, ")");
}

bool NodeAnnotation::has_any_spec() const {
  for (const auto& s : inputs) {
    if (s.has_value()) return true;
  }
  for (const auto& s : outputs) {
    if (s.has_value()) return true;
  }
  return false;
}

Result<NodeAnnotation*> Annotations::claim(const std::string& node_name, const std::string& pattern,
                                           int num_inputs, int num_outputs) {
  auto it = nodes_.find(node_name);
  if (it != nodes_.end()) {
    if (it->second.pattern != pattern) {
      return failed_precondition("node '", node_name, "' is already claimed by pattern '",
                                 it->second.pattern, "' (pattern '", pattern, "' wants it)");
    }
    return &it->second;
  }
  NodeAnnotation& record = nodes_[node_name];
  record.pattern = pattern;
  record.inputs.resize(num_inputs);
  record.outputs.resize(num_outputs);
  return &record;
}

const NodeAnnotation* Annotations::find(const std::string& node_name) const {
  auto it = nodes_.find(node_name);
  return it == nodes_.end() ? nullptr : &it->second;
}

NodeAnnotation* Annotations::find_mutable(const std::string& node_name) {
  auto it = nodes_.find(node_name);
  return it == nodes_.end() ? nullptr : &it->second;
}

const EdgeSpec* Annotations::spec(const EdgeRef& edge) const {
  const NodeAnnotation* record = find(edge.node);
  if (record == nullptr) return nullptr;
  const auto& list = edge.kind == EdgeRef::Kind::kInput ? record->inputs : record->outputs;
  if (edge.index < 0 || edge.index >= static_cast<int>(list.size())) return nullptr;
  return list[edge.index].has_value() ? &*list[edge.index] : nullptr;
}

std::string Annotations::to_string() const {
  std::ostringstream out;
  for (const auto& [name, record] : nodes_) {
    out << name << " [" << record.pattern << "]";
    for (size_t i = 0; i < record.inputs.size(); ++i) {
      if (record.inputs[i]) out << " in" << i << "=" << edge_spec_to_string(*record.inputs[i]);
    }
    for (size_t i = 0; i < record.outputs.size(); ++i) {
      if (record.outputs[i]) out << " out" << i << "=" << edge_spec_to_string(*record.outputs[i]);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace edgeq::quantizer
