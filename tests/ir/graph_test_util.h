// Helpers for IR tests: typed constants and a small reference interpreter that evaluates a graph
// node by node on the portable kernels (to check that passes keep results).
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::testing {

template <typename T>
ir::Value* add_constant(ir::Graph& graph, const std::string& name, const Shape& shape,
                        const std::vector<T>& values) {
  EXPECT_EQ(static_cast<int64_t>(values.size()), shape.numel()) << name;
  return graph.add_constant(name, dtype_of<T>(), shape,
                            ir::ConstantData::copy_of(values.data(), values.size() * sizeof(T)));
}

template <typename T>
std::vector<T> constant_values(const ir::Value* value) {
  EXPECT_TRUE(value->is_constant()) << value->name();
  if (!value->is_constant()) return {};
  std::vector<T> out(value->shape().numel());
  std::memcpy(out.data(), value->constant()->data(), out.size() * sizeof(T));
  return out;
}

// Evaluates every node in topological order; returns the f32 graph outputs by name.
// `inputs` maps graph input names to f32 data.
inline Result<std::map<std::string, std::vector<float>>> evaluate_graph(
    const ir::Graph& graph, const std::map<std::string, std::vector<float>>& inputs) {
  std::map<const ir::Value*, std::vector<uint8_t>> data;
  auto view_of = [&](const ir::Value* v) -> TensorView {
    if (v == nullptr) return TensorView();
    if (v->is_constant()) return v->view();
    return TensorView(v->dtype(), v->shape(), static_cast<const void*>(data.at(v).data()));
  };
  for (const ir::Value* in : graph.inputs()) {
    const std::vector<float>& values = inputs.at(in->name());
    auto& bytes = data[in];
    bytes.resize(values.size() * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<ir::Node*> order, graph.topological_order());
  for (const ir::Node* node : order) {
    std::vector<TensorView> views;
    for (const ir::Value* in : node->inputs()) views.push_back(view_of(in));
    auto outs = runtime::evaluate_kernel(node->op(), node->attrs(), Span<const TensorView>(views),
                                         node->num_outputs());
    if (!outs.ok()) return outs.status().with_context(node->description());
    for (int i = 0; i < node->num_outputs(); ++i) {
      const auto& out = outs.value()[i];
      const auto* p = static_cast<const uint8_t*>(out.view.data);
      data[node->output(i)].assign(p, p + out.view.nbytes());
    }
  }
  std::map<std::string, std::vector<float>> results;
  for (const ir::Value* out : graph.outputs()) {
    TensorView view = view_of(out);
    const float* p = view.data_as<float>();
    results[out->name()] = std::vector<float>(p, p + view.numel());
  }
  return results;
}

}  // namespace edgeq::testing
