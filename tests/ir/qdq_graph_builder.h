// Builds small QDQ graphs the way quantizer/convert.cc writes them (X_float -> QuantizeLinear ->
// X_quantized -> DequantizeLinear -> X; int8 weights and int32 biases read through
// DequantizeLinear), with random input data, for the QDQ fusion tests; and compares the quantized
// codes of two evaluations of the same graph output.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ir/shape_inference.h"
#include "runtime/kernels/quantize_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

class QdqGraphBuilder {
 public:
  // A graph input with uniform random data in [lo, hi).
  ir::Value* input(const std::string& name, const Shape& shape, float lo = -1.f, float hi = 1.f) {
    ir::Value* value = graph.add_value(name, DType::kF32, shape);
    graph.add_input(value);
    feeds[name] = random_floats(shape.numel(), next_seed_++, lo, hi);
    return value;
  }

  // value -> QuantizeLinear -> <name>_quantized -> DequantizeLinear -> <name>_dequantized.
  ir::Value* quantize(ir::Value* value, float scale, int32_t zero_point, DType dtype = DType::kI8) {
    const std::string& name = value->name();
    ir::Value* s = scalar_constant(name + "_scale", DType::kF32, scale);
    ir::Value* zp = scalar_constant(name + "_zero_point", dtype, zero_point);
    ir::Value* quantized = graph.add_value(name + "_quantized");
    ir::Value* dequantized = graph.add_value(name + "_dequantized");
    graph.add_node(OpType::kQuantizeLinear, name + "_quantize", {value, s, zp}, {quantized});
    graph.add_node(OpType::kDequantizeLinear, name + "_dequantize", {quantized, s, zp},
                   {dequantized});
    return dequantized;
  }

  // Random weights in [-0.5, 0.5) quantized to symmetric int8, per slice along `axis` or, with
  // axis -1, per tensor; read through a DequantizeLinear. Their scales go to weight_scales.
  ir::Value* weights(const std::string& name, const Shape& shape, int axis) {
    const std::vector<float> w = random_floats(shape.numel(), next_seed_++, -0.5f, 0.5f);
    const int64_t channels = axis < 0 ? 1 : shape[axis];
    int64_t inner = 1;
    for (int d = axis + 1; axis >= 0 && d < shape.rank(); ++d) inner *= shape[d];
    auto channel_of = [&](int64_t i) { return axis < 0 ? 0 : (i / inner) % channels; };
    weight_scales.assign(channels, 0.f);
    for (int64_t i = 0; i < shape.numel(); ++i) {
      weight_scales[channel_of(i)] = std::max(weight_scales[channel_of(i)], std::fabs(w[i]));
    }
    for (float& s : weight_scales) s /= 127.f;
    std::vector<int8_t> q(w.size());
    for (int64_t i = 0; i < shape.numel(); ++i) {
      q[i] = static_cast<int8_t>(std::nearbyint(w[i] / weight_scales[channel_of(i)]));
    }
    const Shape param_shape = axis < 0 ? Shape() : Shape{channels};
    ir::Value* data = graph.add_constant(name + "_quantized", DType::kI8, shape,
                                         ir::ConstantData::copy_of(q.data(), q.size()));
    ir::Value* scale = float_constant(name + "_scale", param_shape, weight_scales);
    const std::vector<int8_t> zeros(channels, 0);
    ir::Value* zp = graph.add_constant(name + "_zero_point", DType::kI8, param_shape,
                                       ir::ConstantData::copy_of(zeros.data(), zeros.size()));
    Attributes attrs;
    if (axis >= 0) attrs.set("axis", int64_t{axis});
    ir::Value* out = graph.add_value(name);
    graph.add_node(OpType::kDequantizeLinear, name + "_dequantize", {data, scale, zp}, {out},
                   attrs);
    return out;
  }

  // A random bias of `shape` quantized to int32 with scale x_scale * weight_scales[c] (per
  // channel when there are several weight scales), through a DequantizeLinear.
  ir::Value* bias(const std::string& name, const Shape& shape, float x_scale) {
    const int64_t n = shape.numel();
    const std::vector<float> b = random_floats(n, next_seed_++, -0.5f, 0.5f);
    const bool per_channel = weight_scales.size() > 1;
    std::vector<float> scales;
    for (float w : weight_scales) scales.push_back(x_scale * w);
    std::vector<int32_t> q(n);
    for (int64_t i = 0; i < n; ++i) {
      q[i] = static_cast<int32_t>(std::nearbyint(b[i] / scales[per_channel ? i : 0]));
    }
    const Shape param_shape = per_channel ? Shape{n} : Shape();
    ir::Value* data = graph.add_constant(name + "_quantized", DType::kI32, shape,
                                         ir::ConstantData::copy_of(q.data(), q.size() * 4));
    ir::Value* scale = float_constant(name + "_scale", param_shape, scales);
    const std::vector<int32_t> zeros(scales.size(), 0);
    ir::Value* zp = graph.add_constant(name + "_zero_point", DType::kI32, param_shape,
                                       ir::ConstantData::copy_of(zeros.data(), zeros.size() * 4));
    Attributes attrs;
    if (per_channel) attrs.set("axis", int64_t{shape.rank() - 1});
    ir::Value* out = graph.add_value(name);
    graph.add_node(OpType::kDequantizeLinear, name + "_dequantize", {data, scale, zp}, {out},
                   attrs);
    return out;
  }

  ir::Value* float_constant(const std::string& name, const Shape& shape,
                            const std::vector<float>& values) {
    return graph.add_constant(name, DType::kF32, shape,
                              ir::ConstantData::copy_of(values.data(), values.size() * 4));
  }

  ir::Value* scalar_constant(const std::string& name, DType dtype, double value) {
    uint8_t bytes[8] = {};
    if (dtype == DType::kF32) {
      const float f = static_cast<float>(value);
      std::memcpy(bytes, &f, sizeof(f));
    } else {
      runtime::visit_quantized_dtype(dtype, [&](auto access) {
        decltype(access)::store(bytes, 0, static_cast<int32_t>(value));
      });
    }
    return graph.add_constant(name, dtype, Shape(),
                              ir::ConstantData::copy_of(bytes, dtype_size(dtype)));
  }

  // A node with one output named `name`.
  ir::Value* node(OpType op, const std::string& name, const std::vector<ir::Value*>& inputs,
                  Attributes attrs = {}) {
    ir::Value* out = graph.add_value(name);
    graph.add_node(op, name, inputs, {out}, std::move(attrs));
    return out;
  }

  // Quantizes `value` and makes its dequantized form the graph output; infers shapes.
  void output(ir::Value* value, float scale, int32_t zero_point, DType dtype = DType::kI8) {
    output_scale = scale;
    graph.add_output(quantize(value, scale, zero_point, dtype));
    const Status inferred = ir::infer_shapes(graph);
    ASSERT_TRUE(inferred.ok()) << inferred.to_string();
    ASSERT_TRUE(graph.verify().ok()) << graph.verify().to_string();
  }

  ir::Graph graph;
  std::map<std::string, std::vector<float>> feeds;
  std::vector<float> weight_scales;  // of the last weights()
  float output_scale = 1.f;          // of the graph output

 private:
  uint32_t next_seed_ = 1;
};

// How two dequantized outputs with quantization step `scale` differ, in codes.
struct CodeMismatch {
  int64_t elements = 0;
  int64_t differing = 0;
  int max_codes = 0;
  double fraction() const {
    return elements == 0 ? 0.0 : static_cast<double>(differing) / elements;
  }
};

inline CodeMismatch compare_codes(const std::vector<float>& a, const std::vector<float>& b,
                                  float scale) {
  CodeMismatch m;
  EXPECT_EQ(a.size(), b.size());
  m.elements = static_cast<int64_t>(std::min(a.size(), b.size()));
  for (int64_t i = 0; i < m.elements; ++i) {
    const int codes = static_cast<int>(std::lround(std::fabs(a[i] - b[i]) / scale));
    if (codes != 0) ++m.differing;
    m.max_codes = std::max(m.max_codes, codes);
  }
  return m;
}

}  // namespace edgeq::testing
