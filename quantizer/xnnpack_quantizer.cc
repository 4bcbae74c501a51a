#include "quantizer/xnnpack_quantizer.h"

#include <algorithm>

#include "quantizer/patterns/patterns.h"

namespace edgeq::quantizer {
namespace {

struct SchemeName {
  XnnpackScheme scheme;
  const char* name;
};

constexpr SchemeName kSchemeNames[] = {
    {XnnpackScheme::kW8A8, "w8a8"},
    {XnnpackScheme::kW8A8Dynamic, "w8a8_dynamic"},
    {XnnpackScheme::kW4A8, "w4a8"},
    {XnnpackScheme::kW8A16, "w8a16"},
    {XnnpackScheme::kFp16, "fp16"},
    {XnnpackScheme::kWeightOnlyInt8, "weight_only_int8"},
    {XnnpackScheme::kWeightOnlyInt4, "weight_only_int4"},
};

Status check_group_size(int group_size) {
  if (group_size < 32 || group_size > 256 || group_size % 32 != 0) {
    return invalid_argument("int4 group size must be 32..256 and a multiple of 32, got ",
                            group_size);
  }
  return Status::Ok();
}

Result<std::regex> compile_regex(const std::string& pattern) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return invalid_argument("invalid node-name regex '", pattern, "': ", e.what());
  }
}

}  // namespace

const char* xnnpack_scheme_name(XnnpackScheme scheme) {
  for (const auto& entry : kSchemeNames) {
    if (entry.scheme == scheme) return entry.name;
  }
  return "unknown";
}

Result<XnnpackScheme> xnnpack_scheme_from_name(const std::string& name) {
  if (name == "8da4w") return XnnpackScheme::kW4A8;
  std::string accepted;
  for (const auto& entry : kSchemeNames) {
    if (name == entry.name) return entry.scheme;
    accepted += accepted.empty() ? entry.name : std::string(", ") + entry.name;
  }
  return invalid_argument("unknown quantization scheme '", name, "' (accepted: ", accepted, ")");
}

Result<QuantizationConfig> xnnpack_preset(XnnpackScheme scheme,
                                          const XnnpackPresetOptions& options) {
  QuantizationConfig config;
  config.name = xnnpack_scheme_name(scheme);
  const ObserverKind observer = options.activation_observer;
  switch (scheme) {
    case XnnpackScheme::kW8A8:
      config.input_activation = QuantizationSpec::int8_activation(observer);
      config.output_activation = config.input_activation;
      config.weight = QuantizationSpec::int8_weight(options.per_channel);
      break;
    case XnnpackScheme::kW8A8Dynamic:
      config.input_activation = QuantizationSpec::dynamic_int8_activation(/*per_token=*/true);
      config.weight = QuantizationSpec::int8_weight(options.per_channel);
      break;
    case XnnpackScheme::kW4A8:
      EDGEQ_RETURN_IF_ERROR(check_group_size(options.group_size));
      config.input_activation = QuantizationSpec::dynamic_int8_activation(/*per_token=*/true);
      config.weight = QuantizationSpec::int4_weight_grouped(options.group_size);
      break;
    case XnnpackScheme::kW8A16:
      config.input_activation = QuantizationSpec::int16_activation(observer);
      config.output_activation = config.input_activation;
      config.weight = QuantizationSpec::int8_weight(options.per_channel);
      break;
    case XnnpackScheme::kFp16:
      config.weight = QuantizationSpec::fp16_weight();
      break;
    case XnnpackScheme::kWeightOnlyInt8:
      config.weight = QuantizationSpec::int8_weight(options.per_channel);
      break;
    case XnnpackScheme::kWeightOnlyInt4:
      EDGEQ_RETURN_IF_ERROR(check_group_size(options.group_size));
      config.weight = QuantizationSpec::int4_weight_grouped(options.group_size);
      break;
  }
  return config;
}

XnnpackQuantizer::XnnpackQuantizer() {
  // The built-in families have unique names and non-empty chains: adding them cannot fail.
  Status status = register_default_patterns(patterns_);
  (void)status;
}

Result<XnnpackQuantizer> XnnpackQuantizer::from_preset(XnnpackScheme scheme,
                                                       const XnnpackPresetOptions& options) {
  EDGEQ_ASSIGN_OR_RETURN(QuantizationConfig config, xnnpack_preset(scheme, options));
  XnnpackQuantizer quantizer;
  quantizer.set_global(std::move(config));
  return quantizer;
}

void XnnpackQuantizer::set_global(QuantizationConfig config) { global_ = std::move(config); }

void XnnpackQuantizer::set_op_type(OpType op, QuantizationConfig config) {
  op_scopes_.push_back({op, std::move(config)});
}

Status XnnpackQuantizer::set_node_name_regex(const std::string& regex, QuantizationConfig config) {
  EDGEQ_ASSIGN_OR_RETURN(std::regex compiled, compile_regex(regex));
  name_scopes_.push_back({regex, std::move(compiled), std::move(config)});
  return Status::Ok();
}

Status XnnpackQuantizer::exclude_node_name_regex(const std::string& regex) {
  EDGEQ_ASSIGN_OR_RETURN(std::regex compiled, compile_regex(regex));
  excluded_names_.emplace_back(regex, std::move(compiled));
  return Status::Ok();
}

void XnnpackQuantizer::exclude_op_type(OpType op) { excluded_ops_.push_back(op); }

const QuantizationConfig* XnnpackQuantizer::config_for(const ir::Node& node) const {
  if (std::find(excluded_ops_.begin(), excluded_ops_.end(), node.op()) != excluded_ops_.end()) {
    return nullptr;
  }
  for (const auto& [text, regex] : excluded_names_) {
    if (std::regex_match(node.name(), regex)) return nullptr;
  }
  for (const auto& scope : name_scopes_) {
    if (std::regex_match(node.name(), scope.regex)) return &scope.config;
  }
  for (const auto& scope : op_scopes_) {
    if (scope.op == node.op()) return &scope.config;
  }
  return global_ ? &*global_ : nullptr;
}

Result<Annotations> XnnpackQuantizer::annotate(const ir::Graph& graph) const {
  auto validate = [](const std::optional<QuantizationSpec>& spec, const std::string& where) {
    return spec ? spec->validate(where) : Status::Ok();
  };
  std::vector<const QuantizationConfig*> configs;
  if (global_) configs.push_back(&*global_);
  for (const auto& scope : name_scopes_) configs.push_back(&scope.config);
  for (const auto& scope : op_scopes_) configs.push_back(&scope.config);
  for (const QuantizationConfig* config : configs) {
    const std::string where = "config '" + config->name + "'";
    EDGEQ_RETURN_IF_ERROR(validate(config->input_activation, where + " input activation"));
    EDGEQ_RETURN_IF_ERROR(validate(config->output_activation, where + " output activation"));
    EDGEQ_RETURN_IF_ERROR(validate(config->weight, where + " weight"));
  }
  return annotate_with_patterns(graph, patterns_,
                                [this](const ir::Node& node) { return config_for(node); });
}

std::string XnnpackQuantizer::description() const {
  std::string text = "xnnpack " + (global_ ? global_->name : std::string("(no global config)"));
  if (!name_scopes_.empty() || !op_scopes_.empty()) {
    text += str_cat(" + ", name_scopes_.size() + op_scopes_.size(), " scoped configs");
  }
  if (!excluded_names_.empty() || !excluded_ops_.empty()) {
    text += str_cat(", ", excluded_names_.size() + excluded_ops_.size(), " exclusions");
  }
  return text;
}

}  // namespace edgeq::quantizer
