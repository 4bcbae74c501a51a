#include "quantizer/convert.h"

#include <algorithm>

#include "ir/shape_inference.h"
#include "quantizer/qdq_rewrite.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::quantizer {
namespace {

// The output index of `value` at its producer.
int output_index(const ir::Value* value) {
  const ir::Node* producer = value->producer();
  for (int i = 0; i < producer->num_outputs(); ++i) {
    if (producer->output(i) == value) return i;
  }
  return -1;
}

std::vector<InputEdge> uses_of(const ir::Value* value) {
  std::vector<InputEdge> edges;
  for (const ir::Use& use : value->uses()) edges.emplace_back(use.node->name(), use.input_index);
  return edges;
}

class ActivationRewriter {
 public:
  // `float_graph`: the graph before any rewrite (tells constants from computed values).
  ActivationRewriter(ir::Graph& graph, const ir::Graph& float_graph, const QdqPlan& plan,
                     const ActivationParams& params)
      : graph_(graph), float_graph_(float_graph), plan_(plan), params_(params) {}

  // QuantizeLinear -> DequantizeLinear for every non-constant member of a static group.
  Status rewrite_static_groups() {
    for (const ActivationGroup& group : plan_.groups) {
      for (const std::string& name : group.values) {
        const ir::Value* original = float_graph_.find_value(name);
        if (original == nullptr || original->is_constant()) continue;  // convert_constants' job
        ir::Value* value = graph_.find_value(name);
        auto it = params_.find(name);
        if (it == params_.end()) {
          return invalid_argument("no quantization parameters for activation '", name, "'");
        }
        EDGEQ_RETURN_IF_ERROR(rewrite_static(value, it->second));
      }
    }
    return Status::Ok();
  }

  // DynamicQuantize -> DequantizeLinear per (value, spec), for the dynamic edges.
  Status rewrite_dynamic_edges() {
    std::vector<std::pair<const DynamicEdge*, std::vector<InputEdge>>> buckets;
    for (const DynamicEdge& edge : plan_.dynamic_edges) {
      auto it = std::find_if(buckets.begin(), buckets.end(), [&](const auto& b) {
        return b.first->value == edge.value && b.first->spec == edge.spec;
      });
      if (it == buckets.end()) {
        buckets.push_back({&edge, {edge.edge}});
      } else {
        it->second.push_back(edge.edge);
      }
    }
    for (const auto& [edge, readers] : buckets) {
      EDGEQ_RETURN_IF_ERROR(rewrite_dynamic(*edge, readers));
    }
    return Status::Ok();
  }

 private:
  Status rewrite_static(ir::Value* value, const QuantParams& params) {
    const std::string name = value->name();
    const bool by_producer = plan_.producer_quantized.count(name) > 0;
    std::vector<InputEdge> quantized_readers;
    std::vector<InputEdge> float_readers;
    for (const InputEdge& edge : uses_of(value)) {
      (by_producer || plan_.static_edges.count(edge) ? quantized_readers : float_readers)
          .push_back(edge);
    }
    const bool takeover =
        value->producer() != nullptr && (by_producer || !graph_.is_graph_output(value));
    ir::Value* source = value;
    ir::Value* dequantized = nullptr;
    if (takeover) {
      source = detach_from_producer(graph_, value);
      dequantized = value;
      rewire_inputs(graph_, float_readers, source);
    } else {
      dequantized = add_value_like(graph_, name + "_dequantized", *value);
    }
    float_source_[name] = source;
    EDGEQ_ASSIGN_OR_RETURN(ParamValues pv,
                           add_param_constants(graph_, name, params, value->shape()));
    ir::Value* quantized = graph_.add_value(name + "_quantized");
    const Attributes attrs = qdq_attributes(params);
    graph_.add_node(OpType::kQuantizeLinear, name + "_quantize", {source, pv.scale, pv.zero_point},
                    {quantized}, attrs);
    graph_.add_node(OpType::kDequantizeLinear, name + "_dequantize",
                    {quantized, pv.scale, pv.zero_point}, {dequantized}, attrs);
    if (!takeover) rewire_inputs(graph_, quantized_readers, dequantized);
    return Status::Ok();
  }

  Status rewrite_dynamic(const DynamicEdge& edge, const std::vector<InputEdge>& readers) {
    const QuantizationSpec& spec = edge.spec;
    if (spec.dtype != DType::kI8 && spec.dtype != DType::kU8) {
      return unimplemented("dynamic quantization of '", edge.value, "' to ", dtype_name(spec.dtype),
                           " (supported: i8, u8)");
    }
    ir::Value* value = graph_.find_value(edge.value);
    auto known = float_source_.find(edge.value);
    const bool untouched = known == float_source_.end();
    const bool takeover = untouched && value->producer() != nullptr &&
                          !graph_.is_graph_output(value) && uses_of(value).size() == readers.size();
    ir::Value* source = untouched ? value : known->second;
    ir::Value* dequantized = nullptr;
    if (takeover) {
      source = detach_from_producer(graph_, value);
      dequantized = value;
    } else {
      dequantized = add_value_like(graph_, edge.value + "_dequantized", *value);
    }
    const std::string& name = edge.value;
    const bool per_token = spec.qscheme == QScheme::kPerTokenAffine;
    Attributes dq_attrs;
    dq_attrs.set("dtype", std::string(dtype_name(spec.dtype)));
    dq_attrs.set("granularity", std::string(per_token ? "per_token" : "per_tensor"));
    ir::Value* quantized = graph_.add_value(name + "_quantized");
    ir::Value* scale = graph_.add_value(name + "_scale");
    ir::Value* zero_point = graph_.add_value(name + "_zero_point");
    graph_.add_node(OpType::kDynamicQuantize, name + "_dynamic_quantize", {source},
                    {quantized, scale, zero_point}, dq_attrs);
    Attributes attrs;
    if (per_token) {
      const Shape& shape = value->shape();
      if (shape.rank() < 1) {
        return invalid_argument("per-token quantization of scalar '", name, "'");
      }
      attrs.set("axis", int64_t{-1});
      attrs.set("block_size", std::max<int64_t>(1, shape[shape.rank() - 1]));
    }
    graph_.add_node(OpType::kDequantizeLinear, name + "_dequantize", {quantized, scale, zero_point},
                    {dequantized}, attrs);
    if (!takeover) rewire_inputs(graph_, readers, dequantized);
    return Status::Ok();
  }

  ir::Graph& graph_;
  const ir::Graph& float_graph_;
  const QdqPlan& plan_;
  const ActivationParams& params_;
  // The float version of each rewritten value (X_float, or X itself for a graph input).
  std::map<std::string, ir::Value*> float_source_;
};

}  // namespace

QuantRangeSpec range_spec_of(const QuantizationSpec& spec) {
  QuantRangeSpec range;
  range.dtype = spec.dtype;
  range.quant_min = spec.quant_min;
  range.quant_max = spec.quant_max;
  range.symmetric = spec.is_symmetric();
  range.eps = spec.eps;
  return range;
}

QuantParams fixed_params(const FixedSpec& spec) {
  QuantParams params;
  params.dtype = spec.dtype;
  params.scales = {spec.scale};
  params.zero_points = {spec.zero_point};
  params.quant_min = spec.quant_min;
  params.quant_max = spec.quant_max;
  return params;
}

Result<ParamValues> add_param_constants(ir::Graph& graph, const std::string& base,
                                        const QuantParams& params, const Shape& tensor) {
  EDGEQ_RETURN_IF_ERROR(validate_quant_params(params, "'" + base + "'"));
  EDGEQ_ASSIGN_OR_RETURN(Shape shape, quant_param_shape(params, tensor, "'" + base + "'"));
  const std::vector<float>& scales = params.scales;
  ParamValues values;
  values.scale =
      graph.add_constant(base + "_scale", DType::kF32, shape,
                         ir::ConstantData::copy_of(scales.data(), scales.size() * sizeof(float)));
  std::vector<uint8_t> zero_points(dtype_storage_bytes(params.dtype, scales.size()));
  runtime::visit_quantized_dtype(params.dtype, [&](auto access) {
    for (size_t i = 0; i < params.zero_points.size(); ++i) {
      decltype(access)::store(zero_points.data(), static_cast<int64_t>(i), params.zero_points[i]);
    }
  });
  values.zero_point =
      graph.add_constant(base + "_zero_point", params.dtype, shape,
                         ir::ConstantData::copy_of(zero_points.data(), zero_points.size()));
  return values;
}

Attributes qdq_attributes(const QuantParams& params) {
  Attributes attrs;
  if (params.axis >= 0) attrs.set("axis", static_cast<int64_t>(params.axis));
  if (params.group_size > 0) attrs.set("block_size", static_cast<int64_t>(params.group_size));
  return attrs;
}

ir::Value* add_value_like(ir::Graph& graph, const std::string& name, const ir::Value& like) {
  ir::Value* value = graph.add_value(name, DType::kF32, like.shape());
  value->set_symbolic_batch(like.has_symbolic_batch());
  return value;
}

ir::Value* detach_from_producer(ir::Graph& graph, ir::Value* value) {
  ir::Value* source = add_value_like(graph, value->name() + "_float", *value);
  graph.replace_node_output(value->producer(), output_index(value), source);
  return source;
}

void rewire_inputs(ir::Graph& graph, const std::vector<InputEdge>& edges, ir::Value* value) {
  for (const auto& [node_name, index] : edges) graph.find_node(node_name)->set_input(index, value);
}

Result<ir::Graph> convert_to_qdq(const ir::Graph& float_graph, const QdqPlan& plan,
                                 const ActivationParams& activation_params) {
  ir::Graph graph = float_graph.clone();
  EDGEQ_RETURN_IF_ERROR(convert_constants(graph, plan, activation_params));
  ActivationRewriter activations(graph, float_graph, plan, activation_params);
  EDGEQ_RETURN_IF_ERROR(activations.rewrite_static_groups());
  EDGEQ_RETURN_IF_ERROR(activations.rewrite_dynamic_edges());
  Status inferred = ir::infer_shapes(graph);
  if (!inferred.ok()) return inferred.with_context("shape inference of the QDQ graph");
  Status verified = graph.verify();
  if (!verified.ok()) return verified.with_context("QDQ graph");
  return graph;
}

}  // namespace edgeq::quantizer
