// Helpers for the annotation, pattern and convert tests: a small graph builder with random
// constant weights, batches from random data, and SQNR between float and simulated outputs.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ir/shape_inference.h"
#include "quantizer/batch_source.h"
#include "tests/ir/graph_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

// Builds a float graph node by node: every op has one output named after the node ("<name>").
class GraphBuilder {
 public:
  ir::Value* input(const std::string& name, const Shape& shape) {
    ir::Value* value = graph_.add_value(name, DType::kF32, shape);
    graph_.add_input(value);
    return value;
  }
  // A constant with uniform random values in [-range, range).
  ir::Value* weight(const std::string& name, const Shape& shape, uint32_t seed,
                    float range = 0.5f) {
    return add_constant<float>(graph_, name, shape,
                               random_floats(shape.numel(), seed, -range, range));
  }
  template <typename T>
  ir::Value* constant(const std::string& name, const Shape& shape, const std::vector<T>& values) {
    return add_constant<T>(graph_, name, shape, values);
  }
  ir::Value* op(OpType op, const std::string& name, const std::vector<ir::Value*>& inputs,
                Attributes attrs = Attributes()) {
    ir::Value* out = graph_.add_value(name);
    graph_.add_node(op, name, inputs, {out}, std::move(attrs));
    return out;
  }
  void output(ir::Value* value) { graph_.add_output(value); }

  // Infers types and verifies; the builder is empty afterwards.
  ir::Graph finish() {
    Status inferred = ir::infer_shapes(graph_);
    EXPECT_TRUE(inferred.ok()) << inferred.to_string();
    Status verified = graph_.verify();
    EXPECT_TRUE(verified.ok()) << verified.to_string();
    return std::move(graph_);
  }

 private:
  ir::Graph graph_;
};

inline Attributes ints_attr(const std::string& name, std::vector<int64_t> values) {
  Attributes attrs;
  attrs.set(name, std::move(values));
  return attrs;
}

inline Attributes int_attr(const std::string& name, int64_t value) {
  Attributes attrs;
  attrs.set(name, value);
  return attrs;
}

// `count` batches of one f32 tensor of `shape` for the graph input `name`, uniform in [-1, 1).
inline quantizer::InMemoryBatchSource random_batches(const std::string& name, const Shape& shape,
                                                     int count, uint32_t seed) {
  quantizer::InMemoryBatchSource source;
  for (int i = 0; i < count; ++i) {
    std::vector<float> data = random_floats(shape.numel(), seed + i);
    quantizer::Batch batch;
    batch.push_back(quantizer::BatchTensor::copy_of(
        name, TensorView(DType::kF32, shape, static_cast<const void*>(data.data()))));
    source.add(std::move(batch));
  }
  return source;
}

// 10 log10(sum ref^2 / sum (ref - test)^2); +inf for identical data.
inline double sqnr_db(const std::vector<float>& reference, const std::vector<float>& test) {
  EXPECT_EQ(reference.size(), test.size());
  double signal = 0;
  double noise = 0;
  for (size_t i = 0; i < reference.size() && i < test.size(); ++i) {
    signal += double(reference[i]) * reference[i];
    noise += double(reference[i] - test[i]) * (reference[i] - test[i]);
  }
  return noise == 0 ? INFINITY : 10 * std::log10(signal / noise);
}

// Runs `graph` on one input and returns its single output (empty on error, which fails the test).
inline std::vector<float> run_single(const ir::Graph& graph, const std::string& input,
                                     const std::vector<float>& data) {
  auto result = evaluate_graph(graph, {{input, data}});
  EXPECT_TRUE(result.ok()) << result.status().to_string();
  if (!result.ok() || result->empty()) return {};
  return result->begin()->second;
}

}  // namespace edgeq::testing
