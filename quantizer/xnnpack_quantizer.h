// XnnpackQuantizer: the Quantizer for the XNNPACK backend. It owns a PatternRegistry (the default
// families of quantizer/patterns/patterns.h; backend authors may add their own) and a scope of
// QuantizationConfigs like PT2E's XNNPACKQuantizer:
//   exclusion (node-name regex or op type: keep float)  >  node-name regex (first added wins)
//   >  op type  >  global.
// A node with no config in scope stays float. A fused chain (conv+relu) uses its first node's
// config and needs every node of it in scope.
//
// Presets (xnnpack_preset):
//   w8a8              static int8 activations (affine, observed), int8 symmetric weights per
//                     channel (per tensor with per_channel = false), int32 bias
//   w8a8_dynamic      int8 per-channel weights; activations quantized per token at run time
//                     (linear layers only)
//   w4a8              int4 symmetric group-wise weights (group 32..256) with dynamic per-token
//                     int8 activations (torchao's 8da4w; linear layers only)
//   w8a16             static int16 symmetric activations, int8 per-channel weights, int32 bias
//   fp16              weights stored as fp16 (conv and linear), activations float
//   weight_only_int8  int8 per-channel weights, activations float
//   weight_only_int4  int4 group-wise weights (linear layers only), activations float
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "quantizer/pattern_registry.h"
#include "quantizer/quantization_spec.h"
#include "quantizer/quantizer.h"

namespace edgeq::quantizer {

enum class XnnpackScheme {
  kW8A8,
  kW8A8Dynamic,
  kW4A8,
  kW8A16,
  kFp16,
  kWeightOnlyInt8,
  kWeightOnlyInt4,
};

// "w8a8", "w8a8_dynamic", "w4a8", "w8a16", "fp16", "weight_only_int8", "weight_only_int4".
const char* xnnpack_scheme_name(XnnpackScheme scheme);
// Inverse of xnnpack_scheme_name ("8da4w" is accepted for w4a8); InvalidArgument listing the
// names otherwise.
Result<XnnpackScheme> xnnpack_scheme_from_name(const std::string& name);

struct XnnpackPresetOptions {
  bool per_channel = true;  // int8 weights per channel (false: per tensor)
  int group_size = 128;     // int4 weights: 32..256, a multiple of 32
  ObserverKind activation_observer = ObserverKind::kMinMax;  // static activations
};

// The config of a preset. InvalidArgument for a group size outside 32..256 or not a multiple of
// 32 (w4a8, weight_only_int4).
Result<QuantizationConfig> xnnpack_preset(XnnpackScheme scheme,
                                          const XnnpackPresetOptions& options = {});

class XnnpackQuantizer : public Quantizer {
 public:
  // No global config: nothing is quantized until set_global / set_op_type / set_node_name_regex.
  XnnpackQuantizer();
  // A quantizer with `scheme` as global config and the default patterns.
  static Result<XnnpackQuantizer> from_preset(XnnpackScheme scheme,
                                              const XnnpackPresetOptions& options = {});

  void set_global(QuantizationConfig config);
  void set_op_type(OpType op, QuantizationConfig config);
  // InvalidArgument naming the regex when it does not compile. Matched against the whole name.
  Status set_node_name_regex(const std::string& regex, QuantizationConfig config);
  Status exclude_node_name_regex(const std::string& regex);
  void exclude_op_type(OpType op);

  // The patterns this quantizer matches; add your own here (see examples/custom_pattern/).
  PatternRegistry& patterns() { return patterns_; }
  const PatternRegistry& patterns() const { return patterns_; }

  // The config in scope for `node` (see the precedence above), or nullptr to keep it float.
  const QuantizationConfig* config_for(const ir::Node& node) const;

  Result<Annotations> annotate(const ir::Graph& graph) const override;
  std::string description() const override;

 private:
  struct NameScope {
    std::string pattern;
    std::regex regex;
    QuantizationConfig config;
  };
  struct OpScope {
    OpType op;
    QuantizationConfig config;
  };

  PatternRegistry patterns_;
  std::optional<QuantizationConfig> global_;
  std::vector<NameScope> name_scopes_;
  std::vector<OpScope> op_scopes_;
  std::vector<std::pair<std::string, std::regex>> excluded_names_;
  std::vector<OpType> excluded_ops_;
};

}  // namespace edgeq::quantizer
