// Fusion of a dynamically quantized linear layer in QDQ form into one DynamicQuantizeMatMul node
// (the op is described in runtime/kernels/dynamic_quantize_matmul.cc):
//
//   x -> DynamicQuantize(i8, per_token) -> DequantizeLinear(axis -1, block_size K) -+
//   W_q (constant i8 / i4) -> DequantizeLinear(per tensor | per column | per group along K) -+
//     -> MatMul | Gemm(alpha 1, transA 0, optional constant C [N] with beta 1)
//     [-> Add(constant f32 [N])]                 (only when the Gemm has no C)
//   becomes x -> DynamicQuantizeMatMul(W [K, N], scale, bias) -> the same output value.
//
// This is what `edgeq quantize --scheme w8a8_dynamic | w4a8` writes (quantizer/convert.cc). Gemm
// weights with transB = 1 ([N, K]) are transposed to [K, N] (scales too). Anything else is left
// as it is: non-constant weights or parameters, a non-zero weight zero point, other
// DynamicQuantize settings, an intermediate value also read elsewhere or a graph output. The
// DynamicQuantize / DequantizeLinear nodes that end up unused are removed.
#include <algorithm>
#include <cstring>
#include <optional>

#include "ir/passes/passes.h"
#include "ir/shape_inference.h"
#include "runtime/kernels/quantize_util.h"

namespace edgeq::ir {
namespace {

// An attribute read, empty when it has the wrong type.
template <typename T>
std::optional<T> attribute(Result<T> value) {
  if (!value.ok()) return std::nullopt;
  return value.value();
}

bool is_constant_of(const Value* value, DType dtype) {
  return value != nullptr && value->is_constant() && value->dtype() == dtype;
}

// The single node reading `value`, when it is read by exactly one node input and is not a graph
// output; nullptr otherwise.
Node* only_reader(const Graph& graph, const Value* value) {
  if (value->uses().size() != 1 || graph.is_graph_output(value)) return nullptr;
  return value->uses()[0].node;
}

int64_t normalized_axis(int64_t axis, int rank) { return axis < 0 ? axis + rank : axis; }

// The float input of DynamicQuantize(i8, per_token) -> DequantizeLinear producing `a`, or nullptr.
Value* dynamic_source(const Value* a) {
  const Node* dq = a->producer();
  if (dq == nullptr || dq->op() != OpType::kDequantizeLinear || dq->num_inputs() != 3) {
    return nullptr;
  }
  const Node* quantize = dq->input(0) == nullptr ? nullptr : dq->input(0)->producer();
  if (quantize == nullptr || quantize->op() != OpType::kDynamicQuantize ||
      quantize->num_outputs() != 3) {
    return nullptr;
  }
  for (int i = 0; i < 3; ++i) {
    if (dq->input(i) != quantize->output(i)) return nullptr;
  }
  Value* x = quantize->input(0);
  if (x == nullptr || x->dtype() != DType::kF32 || x->shape().rank() < 1) return nullptr;
  const Attributes& qa = quantize->attrs();
  if (attribute(qa.get_string("dtype", "i8")).value_or("") != "i8" ||
      attribute(qa.get_string("granularity", "per_tensor")).value_or("") != "per_token") {
    return nullptr;
  }
  const int rank = x->shape().rank();
  const int64_t k = x->shape()[rank - 1];
  const int64_t axis = attribute(dq->attrs().get_int("axis", 1)).value_or(-99);
  const int64_t block = attribute(dq->attrs().get_int("block_size", 0)).value_or(0);
  if (normalized_axis(axis, rank) != rank - 1 || block < k) return nullptr;
  return x;
}

// A weight DequantizeLinear's operands, seen with K along `k_axis` of the stored tensor.
struct QuantizedWeight {
  Value* weights = nullptr;  // i8 / i4, 2-D
  Value* scale = nullptr;
  int64_t block_size = 0;  // 0: per tensor or per column
  int k_axis = 0;
  int64_t k = 0;
  int64_t n = 0;
};

bool zero_point_is_zero(const Value* zero_point) {
  if (zero_point == nullptr) return true;
  if (!zero_point->is_constant()) return false;
  bool zero = true;
  const TensorView view = zero_point->view();
  runtime::visit_quantized_dtype(view.dtype, [&](auto access) {
    for (int64_t i = 0; i < view.numel() && zero; ++i) {
      zero = decltype(access)::load(view.data, i) == 0;
    }
  });
  return runtime::is_quantized_dtype(view.dtype) && zero;
}

// The quantized weight behind `b` (an f32 [K, N] or, with `k_axis` 1, [N, K] operand).
std::optional<QuantizedWeight> quantized_weight(const Value* b, int k_axis) {
  const Node* dq = b->producer();
  if (dq == nullptr || dq->op() != OpType::kDequantizeLinear) return std::nullopt;
  QuantizedWeight w;
  w.weights = dq->input(0);
  w.scale = dq->input(1);
  if (!is_constant_of(w.weights, DType::kI8) && !is_constant_of(w.weights, DType::kI4)) {
    return std::nullopt;
  }
  if (!is_constant_of(w.scale, DType::kF32) || w.weights->shape().rank() != 2 ||
      !zero_point_is_zero(dq->input(2))) {
    return std::nullopt;
  }
  w.k_axis = k_axis;
  w.k = w.weights->shape()[k_axis];
  w.n = w.weights->shape()[1 - k_axis];
  const Shape& scale = w.scale->shape();
  const int64_t axis = normalized_axis(attribute(dq->attrs().get_int("axis", 1)).value_or(-9), 2);
  w.block_size = attribute(dq->attrs().get_int("block_size", 0)).value_or(-1);
  if (w.block_size > 0) {
    Shape expected = w.weights->shape();
    expected[k_axis] = (w.k + w.block_size - 1) / w.block_size;
    if (axis != k_axis || scale != expected) return std::nullopt;
    return w;
  }
  const bool per_tensor = scale.rank() <= 1 && scale.numel() == 1;
  const bool per_column = scale == Shape({w.n}) && axis == 1 - k_axis;
  if (w.block_size != 0 || (!per_tensor && !per_column)) return std::nullopt;
  return w;
}

// `value` ([rows, cols]; f32, i8 or packed i4) transposed into a new constant named `name`.
Value* transposed_constant(Graph& graph, const Value& value, const std::string& name) {
  const int64_t rows = value.shape()[0], cols = value.shape()[1];
  const DType dtype = value.dtype();
  std::vector<uint8_t> out(dtype_storage_bytes(dtype, static_cast<size_t>(rows * cols)));
  const uint8_t* in = value.constant()->data();
  const size_t element = dtype == DType::kI4 ? 0 : dtype_storage_bytes(dtype, 1);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      const size_t from = static_cast<size_t>(r * cols + c);
      const size_t to = static_cast<size_t>(c * rows + r);
      if (element == 0) {
        int4_set(out.data(), to, int4_get(in, from));
      } else {
        std::memcpy(out.data() + to * element, in + from * element, element);
      }
    }
  }
  return graph.add_constant(graph.unique_name(name), dtype, Shape({cols, rows}),
                            ConstantData::copy_of(out.data(), out.size()));
}

// One match: the linear node, the optional bias Add, and the new node's operands.
struct LinearMatch {
  Node* linear = nullptr;
  Node* bias_add = nullptr;
  Value* x = nullptr;
  QuantizedWeight weight;
  Value* bias = nullptr;  // constant f32 [N], or nullptr
};

std::optional<LinearMatch> match_linear(const Graph& graph, Node* node) {
  LinearMatch match;
  match.linear = node;
  if (node->num_outputs() != 1 || node->input(0) == nullptr || node->input(1) == nullptr) {
    return std::nullopt;
  }
  int k_axis = 0;
  if (node->op() == OpType::kGemm) {
    const Attributes& attrs = node->attrs();
    if (attribute(attrs.get_int("transA", 0)).value_or(1) != 0 ||
        attribute(attrs.get_float("alpha", 1.f)).value_or(0.f) != 1.f) {
      return std::nullopt;
    }
    k_axis = attribute(attrs.get_int("transB", 0)).value_or(0) != 0 ? 1 : 0;
    if (Value* c = node->input(2)) {
      if (attribute(attrs.get_float("beta", 1.f)).value_or(0.f) != 1.f ||
          !is_constant_of(c, DType::kF32) || c->shape().rank() != 1) {
        return std::nullopt;
      }
      match.bias = c;
    }
  } else if (node->op() != OpType::kMatMul) {
    return std::nullopt;
  }
  match.x = dynamic_source(node->input(0));
  std::optional<QuantizedWeight> weight = quantized_weight(node->input(1), k_axis);
  if (match.x == nullptr || !weight) return std::nullopt;
  match.weight = *weight;
  const Shape& x_shape = match.x->shape();
  if (x_shape[x_shape.rank() - 1] != weight->k) return std::nullopt;
  if (match.bias != nullptr && match.bias->shape() != Shape({weight->n})) return std::nullopt;
  Node* add = match.bias == nullptr ? only_reader(graph, node->output(0)) : nullptr;
  if (add != nullptr && add->op() == OpType::kAdd && add->num_inputs() == 2) {
    Value* other = add->input(0) == node->output(0) ? add->input(1) : add->input(0);
    if (is_constant_of(other, DType::kF32) && other->shape() == Shape({weight->n})) {
      match.bias_add = add;
      match.bias = other;
    }
  }
  return match;
}

// Removes `node` when none of its outputs is read or a graph output, then the values it leaves
// unused (its outputs, and inputs nothing else reads).
Status remove_if_unused(Graph& graph, Node* node) {
  for (const Value* out : node->outputs()) {
    if (!out->uses().empty() || graph.is_graph_output(out)) return Status::Ok();
  }
  std::vector<Value*> touched(node->outputs().begin(), node->outputs().end());
  for (Value* in : node->inputs()) {
    if (in != nullptr && std::find(touched.begin(), touched.end(), in) == touched.end()) {
      touched.push_back(in);
    }
  }
  graph.remove_node(node);
  for (Value* value : touched) {
    if (value->producer() == nullptr && value->uses().empty() && !graph.is_graph_input(value) &&
        !graph.is_graph_output(value)) {
      EDGEQ_RETURN_IF_ERROR(graph.remove_value(value));
    }
  }
  return Status::Ok();
}

Status fuse(Graph& graph, const LinearMatch& match) {
  Node* last = match.bias_add != nullptr ? match.bias_add : match.linear;
  Value* y = last->output(0);
  Value* a = match.linear->input(0);
  Value* b = match.linear->input(1);
  const QuantizedWeight& w = match.weight;
  Value* weights = w.weights;
  Value* scale = w.scale;
  if (w.k_axis == 1) {
    weights = transposed_constant(graph, *w.weights, w.weights->name() + "_kn");
    if (w.block_size > 0) scale = transposed_constant(graph, *w.scale, w.scale->name() + "_kn");
  }
  Attributes attrs;
  if (w.block_size > 0) attrs.set("block_size", w.block_size);
  const std::string name = match.linear->name();
  if (match.bias_add != nullptr) graph.remove_node(match.bias_add);
  graph.remove_node(match.linear);
  std::vector<Value*> inputs = {match.x, weights, scale};
  if (match.bias != nullptr) inputs.insert(inputs.end(), {nullptr, match.bias});
  Node* fused = graph.add_node(OpType::kDynamicQuantizeMatMul, name, inputs, {y}, attrs);
  EDGEQ_RETURN_IF_ERROR(infer_node_shapes(fused));
  // The quantized-activation and weight chains, when nothing else reads them any more.
  Node* weight_dq = b->producer();
  Node* activation_dq = a->producer();
  Node* quantize = activation_dq->input(0)->producer();
  for (Node* node : {weight_dq, activation_dq, quantize}) {
    EDGEQ_RETURN_IF_ERROR(remove_if_unused(graph, node));
  }
  return Status::Ok();
}

}  // namespace

Status fuse_dynamic_quantized_linear(Graph& graph) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<Node*> order, graph.topological_order());
  std::vector<std::string> names;
  for (const Node* node : order) names.push_back(node->name());
  // By name: a fusion removes nodes visited later (the bias Add).
  for (const std::string& name : names) {
    Node* node = graph.find_node(name);
    if (node == nullptr) continue;
    std::optional<LinearMatch> match = match_linear(graph, node);
    if (!match) continue;
    Status fused = fuse(graph, *match);
    if (!fused.ok()) return fused.with_context("fusing " + node->description());
  }
  return graph.verify();
}

}  // namespace edgeq::ir
