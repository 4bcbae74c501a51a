// Convert's constant half: weights, biases and constant operands stored quantized (or fp16) and
// read back through DequantizeLinear (or Cast). See convert.h for the naming.
#include <map>
#include <memory>

#include "quantizer/convert.h"
#include "quantizer/observers/observer.h"
#include "quantizer/qdq_rewrite.h"
#include "quantizer/weight_quantization.h"

namespace edgeq::quantizer {
namespace {

// Parameters of a constant from its own data, observed as the spec says.
Result<QuantParams> observe_constant(const ir::Value& value, const QuantizationSpec& spec) {
  ObserverOptions options;
  options.name = value.name();
  options.axis = std::max(spec.axis, 0);
  options.group_size = spec.group_size;
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<Observer> observer, make_observer(spec.observer, options));
  EDGEQ_RETURN_IF_ERROR(observer->observe(value.view()));
  return observer->compute(range_spec_of(spec));
}

class ConstantRewriter {
 public:
  ConstantRewriter(ir::Graph& graph, const QdqPlan& plan, const ActivationParams& activations)
      : graph_(graph), plan_(plan), activations_(activations) {}

  Status run() {
    // Biases last: their scale derives from the weights' parameters computed first.
    for (int pass = 0; pass < 2; ++pass) {
      for (const ConstantEdge& edge : plan_.constant_edges) {
        if (std::holds_alternative<DerivedSpec>(edge.spec) != (pass == 1)) continue;
        Status status = rewrite(edge);
        if (!status.ok()) {
          return status.with_context(
              str_cat("input ", edge.edge.second, " of '", edge.edge.first, "'"));
        }
      }
    }
    return Status::Ok();
  }

 private:
  // The parameters for `edge`; has_value false when the constant stays float (a shared group or
  // a bias factor that is not quantized).
  Result<std::optional<QuantParams>> params_for(const ConstantEdge& edge, const ir::Value& value) {
    if (const auto* q = std::get_if<QuantizationSpec>(&edge.spec)) {
      if (q->dtype == DType::kF16) {
        QuantParams fp16;
        fp16.dtype = DType::kF16;
        return std::optional<QuantParams>(fp16);
      }
      EDGEQ_ASSIGN_OR_RETURN(QuantParams params, observe_constant(value, *q));
      return std::optional<QuantParams>(params);
    }
    if (const auto* f = std::get_if<FixedSpec>(&edge.spec)) {
      return std::optional<QuantParams>(fixed_params(*f));
    }
    if (std::holds_alternative<SharedSpec>(edge.spec)) {
      auto it = activations_.find(value.name());
      if (it == activations_.end()) return std::optional<QuantParams>();
      return std::optional<QuantParams>(it->second);
    }
    const auto& derived = std::get<DerivedSpec>(edge.spec);
    if (derived.factors.size() != 2 || derived.dtype != DType::kI32) {
      return unimplemented("derived spec with ", derived.factors.size(), " factors and dtype ",
                           dtype_name(derived.dtype), " (supported: 2 factors, i32)");
    }
    std::optional<QuantParams> factors[2];
    for (int i = 0; i < 2; ++i) {
      EDGEQ_ASSIGN_OR_RETURN(factors[i], factor_params(derived.factors[i]));
      if (!factors[i]) return std::optional<QuantParams>();
    }
    EDGEQ_ASSIGN_OR_RETURN(QuantParams bias,
                           bias_quant_params(*factors[0], *factors[1], "'" + value.name() + "'"));
    return std::optional<QuantParams>(bias);
  }

  // A bias factor: a weight edge quantized earlier, or a quantized activation.
  Result<std::optional<QuantParams>> factor_params(const EdgeRef& ref) {
    if (ref.kind == EdgeRef::Kind::kInput) {
      auto it = edge_params_.find({ref.node, ref.index});
      if (it != edge_params_.end()) return std::optional<QuantParams>(it->second);
    }
    const ir::Node* node = graph_.find_node(ref.node);
    if (node == nullptr) return not_found("derived spec names ", ref.to_string(), ": no node");
    const ir::Value* value =
        ref.kind == EdgeRef::Kind::kInput ? node->input(ref.index) : node->output(ref.index);
    if (value == nullptr) return not_found("derived spec names ", ref.to_string(), ": no edge");
    auto it = activations_.find(value->name());
    if (it == activations_.end()) return std::optional<QuantParams>();
    return std::optional<QuantParams>(it->second);
  }

  Status rewrite(const ConstantEdge& edge) {
    ir::Node* node = graph_.find_node(edge.edge.first);
    ir::Value* value = node->input(edge.edge.second);
    EDGEQ_ASSIGN_OR_RETURN(std::optional<QuantParams> params, params_for(edge, *value));
    if (!params) return Status::Ok();
    edge_params_[edge.edge] = *params;
    const std::string name = value->name();
    const Shape shape = value->shape();
    EDGEQ_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                           quantize_weights(value->view(), *params, "'" + name + "'"));
    // Takeover: the dequantized value gets the constant's name when this edge is its only use.
    ir::Value* out = nullptr;
    if (value->uses().size() == 1 && !graph_.is_graph_output(value)) {
      node->set_input(edge.edge.second, nullptr);
      EDGEQ_RETURN_IF_ERROR(graph_.remove_value(value));
      out = graph_.add_value(name, DType::kF32, shape);
    } else {
      out = graph_.add_value(name + "_dequantized", DType::kF32, shape);
    }
    const bool fp16 = params->dtype == DType::kF16;
    ir::Value* stored =
        graph_.add_constant(name + (fp16 ? "_fp16" : "_quantized"), params->dtype, shape,
                            ir::ConstantData::copy_of(bytes.data(), bytes.size()));
    if (fp16) {
      Attributes to_f32;
      to_f32.set("to", std::string("f32"));
      graph_.add_node(OpType::kCast, name + "_cast", {stored}, {out}, to_f32);
    } else {
      EDGEQ_ASSIGN_OR_RETURN(ParamValues pv, add_param_constants(graph_, name, *params, shape));
      graph_.add_node(OpType::kDequantizeLinear, name + "_dequantize",
                      {stored, pv.scale, pv.zero_point}, {out}, qdq_attributes(*params));
    }
    node->set_input(edge.edge.second, out);
    return Status::Ok();
  }

  ir::Graph& graph_;
  const QdqPlan& plan_;
  const ActivationParams& activations_;
  std::map<InputEdge, QuantParams> edge_params_;
};

}  // namespace

Status convert_constants(ir::Graph& graph, const QdqPlan& plan,
                         const ActivationParams& activation_params) {
  return ConstantRewriter(graph, plan, activation_params).run();
}

}  // namespace edgeq::quantizer
