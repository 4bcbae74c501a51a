// The annotation API: what a Quantizer says about each edge of a float ir::Graph.
//
// An annotation is attached to a node (by name) and describes its input edges (one entry per
// input, absent = keep float) and its outputs. Each described edge carries one EdgeSpec:
//   - QuantizationSpec: observe this edge and quantize it (dtype, scheme, range, observer);
//   - SharedSpec:       use exactly the parameters of another edge (concat, max pool, reshape...);
//   - DerivedSpec:      int32 bias: scale = product of the scales of other edges, zero point 0;
//   - FixedSpec:        parameters known without data (sigmoid/softmax 1/256 with zp -128).
// A node is "claimed" once some pattern annotated it; later patterns skip claimed nodes, and nodes
// no pattern claims stay float.
//
// One activation value has one set of parameters: convert groups the producer's output spec, the
// consumers' input specs and every SharedSpec touching the value. Within a group a FixedSpec wins,
// then the producer's output QuantizationSpec, then the first consumer's (graph order). Dynamic
// specs (chosen at run time) are per consumer edge and never grouped.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "quantizer/observers/observer.h"  // ObserverKind
#include "runtime/core/dtype.h"
#include "runtime/core/status.h"

namespace edgeq::quantizer {

// How the parameters of a quantized tensor are laid out and chosen.
enum class QScheme {
  kPerTensorAffine,      // one scale and zero point, zero point free (activations)
  kPerTensorSymmetric,   // one scale, zero point 0 (int16 activations, per-tensor weights)
  kPerChannelSymmetric,  // one scale per slice along `axis`, zero point 0 (weights)
  kPerGroupSymmetric,    // one scale per `group_size` consecutive elements along `axis` (int4)
  kPerTokenAffine,       // dynamic: one scale/zero point per row (all dims but the last)
};

// "per_tensor_affine", ... for messages.
const char* qscheme_name(QScheme scheme);

// Observe this edge and quantize it.
struct QuantizationSpec {
  // kI8, kU8, kI16, kI4 (integer quantization), or kF16 (weights stored as fp16: no parameters).
  DType dtype = DType::kI8;
  QScheme qscheme = QScheme::kPerTensorAffine;
  // The integer range used (e.g. [-127, 127] for narrow-range int8 weights).
  int32_t quant_min = -128;
  int32_t quant_max = 127;
  // Per-channel: the channel axis. Per-group: the axis the groups run along. -1 otherwise.
  int axis = -1;
  int group_size = 0;  // per-group only; > 0
  // The statistic that picks the range (quantizer/observers/observer.h). Weights use min-max:
  // per tensor, per channel or per group as the scheme says.
  ObserverKind observer = ObserverKind::kMinMax;
  float eps = kDefaultScaleEps;  // smallest scale handed out (quant_params.h)
  // Parameters chosen at run time (DynamicQuantize op) instead of from calibration.
  bool is_dynamic = false;

  // Ready-made specs. Activation specs are affine and observed with `observer`; weight specs are
  // symmetric (int8 narrow range -127..127; int4 its full -8..7) with zero point 0. The axis of a
  // weight spec is set by the pattern that uses it (it knows the op's weight layout).
  static QuantizationSpec int8_activation(ObserverKind observer = ObserverKind::kMinMax);
  static QuantizationSpec uint8_activation(ObserverKind observer = ObserverKind::kMinMax);
  static QuantizationSpec int16_activation(ObserverKind observer = ObserverKind::kMinMax);
  // Dynamic int8 activations, per token (rows) or per tensor, affine in [-128, 127].
  static QuantizationSpec dynamic_int8_activation(bool per_token);
  static QuantizationSpec int8_weight(bool per_channel);
  static QuantizationSpec int4_weight_grouped(int group_size);
  static QuantizationSpec int8_weight_grouped(int group_size);
  static QuantizationSpec fp16_weight();

  // Checks ranges against the dtype, axis/group_size against the scheme; the error names `where`.
  Status validate(const std::string& where) const;
  bool is_symmetric() const {
    return qscheme != QScheme::kPerTensorAffine && qscheme != QScheme::kPerTokenAffine;
  }
  // "i8 per_channel_symmetric axis=0 [-127, 127] minmax"
  std::string to_string() const;
  bool operator==(const QuantizationSpec& other) const;
  bool operator!=(const QuantizationSpec& other) const { return !(*this == other); }
};

// The specs a pattern applies to the nodes it claims (PT2E's QuantizationConfig). A pattern
// whose required specs are absent does not match (e.g. weight-only configs have no activation
// specs, so only the weighted ops are claimed).
struct QuantizationConfig {
  std::string name;  // "w8a8", ... for messages
  std::optional<QuantizationSpec> input_activation;
  std::optional<QuantizationSpec> output_activation;
  std::optional<QuantizationSpec> weight;
  // Bias of conv/gemm as int32 (DerivedSpec) when input activation and weight are integer and
  // static; otherwise the bias stays float.
  bool quantize_bias = true;
};

// Names one edge of the graph: input `index` of node `node`, or output `index` of it.
struct EdgeRef {
  enum class Kind { kInput, kOutput };
  std::string node;
  Kind kind = Kind::kOutput;
  int index = 0;

  static EdgeRef input(const std::string& node, int index) { return {node, Kind::kInput, index}; }
  static EdgeRef output(const std::string& node, int index = 0) {
    return {node, Kind::kOutput, index};
  }
  // "input 0 of 'conv_1'"
  std::string to_string() const;
  bool operator==(const EdgeRef& other) const {
    return node == other.node && kind == other.kind && index == other.index;
  }
  bool operator<(const EdgeRef& other) const;
};

// This edge uses the parameters of `edge` (which must be quantized, possibly sharing in turn).
struct SharedSpec {
  EdgeRef edge;
};

// Bias: dtype int32, zero point 0, scale = product of the scales of `factors` (input activation x
// weight; per channel when the weight is). Per-channel factors must agree in length.
struct DerivedSpec {
  std::vector<EdgeRef> factors;
  DType dtype = DType::kI32;
};

// Parameters fixed by the op's output range, not by data.
struct FixedSpec {
  float scale = 1.0f / 256;
  int32_t zero_point = -128;
  DType dtype = DType::kI8;
  int32_t quant_min = -128;
  int32_t quant_max = 127;

  // Sigmoid / softmax ([0, 1]) and tanh ([-1, 1]) outputs for int8 (TFLite's choices).
  static FixedSpec unit_interval_int8() { return {1.0f / 256, -128, DType::kI8, -128, 127}; }
  static FixedSpec symmetric_unit_int8() { return {1.0f / 128, 0, DType::kI8, -128, 127}; }
};

using EdgeSpec = std::variant<QuantizationSpec, SharedSpec, DerivedSpec, FixedSpec>;

// "QuantizationSpec(i8 ...)", "Shared(output 0 of 'conv')", ... for messages and dumps.
std::string edge_spec_to_string(const EdgeSpec& spec);

// What one pattern decided for one node.
struct NodeAnnotation {
  std::string pattern;  // name of the pattern that claimed the node
  // One entry per node input / output; std::nullopt = that edge stays float. Sized to the node's
  // input and output counts by Annotations::claim.
  std::vector<std::optional<EdgeSpec>> inputs;
  std::vector<std::optional<EdgeSpec>> outputs;

  bool has_any_spec() const;
};

// Annotations of one graph, keyed by node name.
class Annotations {
 public:
  // Creates (or returns) the record of `node_name` with `num_inputs` / `num_outputs` empty specs,
  // recording `pattern` as its owner. FailedPrecondition when another pattern already claimed it.
  Result<NodeAnnotation*> claim(const std::string& node_name, const std::string& pattern,
                                int num_inputs, int num_outputs);
  // The record of a node, or nullptr when no pattern claimed it.
  const NodeAnnotation* find(const std::string& node_name) const;
  NodeAnnotation* find_mutable(const std::string& node_name);
  bool is_claimed(const std::string& node_name) const { return find(node_name) != nullptr; }
  // The spec on an edge, or nullptr when the node is unclaimed or the edge float.
  const EdgeSpec* spec(const EdgeRef& edge) const;

  const std::map<std::string, NodeAnnotation>& nodes() const { return nodes_; }
  size_t size() const { return nodes_.size(); }
  // One line per claimed node: "conv_1 [conv_relu] in0=... out0=...", sorted by name.
  std::string to_string() const;

 private:
  std::map<std::string, NodeAnnotation> nodes_;
};

}  // namespace edgeq::quantizer
