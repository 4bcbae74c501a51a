// fuse_dynamic_quantized_linear: the QDQ structure `edgeq quantize --scheme w8a8_dynamic | w4a8`
// writes becomes DynamicQuantizeMatMul (same outputs up to float rounding: 1e-5 relative plus
// 1e-5 absolute on outputs of magnitude ~1), and near misses are left exactly as they were.
#include <random>

#include "ir/passes/passes.h"
#include "ir/shape_inference.h"
#include "tests/ir/graph_test_util.h"

namespace edgeq::testing {
namespace {

struct LinearOptions {
  OpType op = OpType::kMatMul;
  bool trans_b = false;      // Gemm: weights stored [N, K]
  DType dtype = DType::kI8;  // weight dtype
  int64_t block_size = 0;    // > 0: groups along K
  bool per_tensor = false;   // block_size 0: one scale
  bool bias_add = true;      // MatMul/Gemm -> Add(bias)
  bool gemm_c = false;       // Gemm's C input as the bias
  int8_t zero_point = 0;     // weight zero point (an input only when non-zero)
  bool constant_weights = true;
  std::string granularity = "per_token";
  float alpha = 1.f;
};

constexpr int64_t kRows = 3, kK = 80, kN = 20;

std::vector<float> random_values(int64_t count, uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> out(static_cast<size_t>(count));
  for (float& v : out) v = dist(rng);
  return out;
}

// x [kRows, kK] -> DynamicQuantize -> DQ -> op(DQ(W)) [-> Add(bias)] -> y.
ir::Graph qdq_linear(const LinearOptions& o) {
  ir::Graph g;
  ir::Value* x = g.add_value("x", DType::kF32, Shape{kRows, kK});
  g.add_input(x);
  ir::Value* q = g.add_value("x_quantized");
  ir::Value* s = g.add_value("x_scale");
  ir::Value* z = g.add_value("x_zero_point");
  Attributes dq_attrs;
  dq_attrs.set("dtype", std::string("i8"));
  dq_attrs.set("granularity", o.granularity);
  g.add_node(OpType::kDynamicQuantize, "x_dynamic_quantize", {x}, {q, s, z}, dq_attrs);
  Attributes x_attrs;
  if (o.granularity == "per_token") {
    x_attrs.set("axis", int64_t{-1});
    x_attrs.set("block_size", kK);
  }
  ir::Value* xd = g.add_value("x_dequantized");
  g.add_node(OpType::kDequantizeLinear, "x_dequantize", {q, s, z}, {xd}, x_attrs);

  const Shape w_shape = o.trans_b ? Shape{kN, kK} : Shape{kK, kN};
  const int k_axis = o.trans_b ? 1 : 0;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> dist(o.dtype == DType::kI4 ? -8 : -128,
                                          o.dtype == DType::kI4 ? 7 : 127);
  std::vector<uint8_t> w(dtype_storage_bytes(o.dtype, kK * kN));
  for (size_t i = 0; i < static_cast<size_t>(kK * kN); ++i) {
    const auto v = static_cast<int8_t>(dist(rng));
    if (o.dtype == DType::kI4) {
      int4_set(w.data(), i, v);
    } else {
      w[i] = static_cast<uint8_t>(v);
    }
  }
  ir::Value* weights = o.constant_weights
                           ? g.add_constant("w_quantized", o.dtype, w_shape,
                                            ir::ConstantData::copy_of(w.data(), w.size()))
                           : g.add_value("w_quantized", o.dtype, w_shape);
  if (!o.constant_weights) g.add_input(weights);
  Shape scale_shape = o.per_tensor ? Shape{} : Shape{kN};
  Attributes w_attrs;
  if (o.block_size > 0) {
    scale_shape = w_shape;
    scale_shape[k_axis] = (kK + o.block_size - 1) / o.block_size;
    w_attrs.set("axis", int64_t{k_axis});
    w_attrs.set("block_size", o.block_size);
  } else if (!o.per_tensor) {
    w_attrs.set("axis", int64_t{1 - k_axis});
  }
  ir::Value* w_scale = add_constant<float>(g, "w_scale", scale_shape,
                                           random_values(scale_shape.numel(), 3, 0.001f, 0.01f));
  std::vector<ir::Value*> w_inputs = {weights, w_scale};
  if (o.zero_point != 0) {
    std::vector<uint8_t> zp(dtype_storage_bytes(o.dtype, scale_shape.numel()));
    for (size_t i = 0; i < static_cast<size_t>(scale_shape.numel()); ++i) {
      if (o.dtype == DType::kI4) {
        int4_set(zp.data(), i, o.zero_point);
      } else {
        zp[i] = static_cast<uint8_t>(o.zero_point);
      }
    }
    w_inputs.push_back(g.add_constant("w_zero_point", o.dtype, scale_shape,
                                      ir::ConstantData::copy_of(zp.data(), zp.size())));
  }
  ir::Value* wd = g.add_value("w");
  g.add_node(OpType::kDequantizeLinear, "w_dequantize", w_inputs, {wd}, w_attrs);
  ir::Value* bias = add_constant<float>(g, "bias", Shape{kN}, random_values(kN, 4, -1.f, 1.f));
  std::vector<ir::Value*> op_inputs = {xd, wd};
  Attributes op_attrs;
  if (o.op == OpType::kGemm) {
    op_attrs.set("transB", int64_t{o.trans_b ? 1 : 0});
    op_attrs.set("alpha", o.alpha);
    if (o.gemm_c) op_inputs.push_back(bias);
  }
  ir::Value* y = g.add_value(o.bias_add ? "linear" : "y");
  g.add_node(o.op, "linear", op_inputs, {y}, op_attrs);
  if (o.bias_add) {
    ir::Value* sum = g.add_value("y");
    g.add_node(OpType::kAdd, "bias_add", {y, bias}, {sum});
    y = sum;
  }
  g.add_output(y);
  Status status = ir::infer_shapes(g);
  EXPECT_TRUE(status.ok()) << status.to_string();
  return g;
}

std::map<OpType, int> op_counts(const ir::Graph& g) {
  std::map<OpType, int> counts;
  for (const ir::Node* node : g.nodes()) ++counts[node->op()];
  return counts;
}

std::vector<float> run(const ir::Graph& g) {
  std::map<std::string, std::vector<float>> feeds = {{"x", random_values(kRows * kK, 5, -2, 3)}};
  auto out = evaluate_graph(g, feeds);
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  return out.ok() ? out->at("y") : std::vector<float>();
}

void expect_fused(const LinearOptions& options) {
  ir::Graph g = qdq_linear(options);
  const std::vector<float> expected = run(g);
  ASSERT_TRUE(ir::fuse_dynamic_quantized_linear(g).ok());
  const std::map<OpType, int> counts = op_counts(g);
  ASSERT_EQ(counts.size(), 1u) << "only the fused node remains";
  ASSERT_EQ(counts.begin()->first, OpType::kDynamicQuantizeMatMul);
  const std::vector<float> actual = run(g);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], 1e-5f + 1e-5f * std::fabs(expected[i])) << i;
  }
}

void expect_untouched(const LinearOptions& options) {
  ir::Graph g = qdq_linear(options);
  const std::map<OpType, int> before = op_counts(g);
  ASSERT_TRUE(ir::fuse_dynamic_quantized_linear(g).ok());
  EXPECT_EQ(op_counts(g), before);
}

TEST(DynamicQuantizedLinearFusionTest, MatMulInt8PerColumnWithBiasAdd) { expect_fused({}); }

TEST(DynamicQuantizedLinearFusionTest, MatMulInt8PerTensorWithoutBias) {
  LinearOptions o;
  o.per_tensor = true;
  o.bias_add = false;
  expect_fused(o);
}

TEST(DynamicQuantizedLinearFusionTest, GemmTransposedInt4GroupsWithC) {
  LinearOptions o;
  o.op = OpType::kGemm;
  o.trans_b = true;
  o.dtype = DType::kI4;
  o.block_size = 32;  // K = 80: the last group holds 16
  o.bias_add = false;
  o.gemm_c = true;
  expect_fused(o);
}

TEST(DynamicQuantizedLinearFusionTest, GemmInt4KByNWithBiasAdd) {
  LinearOptions o;
  o.op = OpType::kGemm;
  o.dtype = DType::kI4;
  o.block_size = 64;
  expect_fused(o);
}

TEST(DynamicQuantizedLinearFusionTest, NearMissesStayAsTheyAre) {
  LinearOptions non_constant;
  non_constant.constant_weights = false;
  expect_untouched(non_constant);
  LinearOptions zero_point;
  zero_point.zero_point = 3;
  expect_untouched(zero_point);
  LinearOptions per_tensor_activations;
  per_tensor_activations.granularity = "per_tensor";
  expect_untouched(per_tensor_activations);
  LinearOptions scaled;
  scaled.op = OpType::kGemm;
  scaled.alpha = 2.f;
  expect_untouched(scaled);
}

TEST(DynamicQuantizedLinearFusionTest, SharedActivationFeedsTwoFusedNodes) {
  ir::Graph g = qdq_linear({});
  // A second MatMul reading the same dequantized activation and weights.
  ir::Value* second = g.add_value("second");
  g.add_node(OpType::kMatMul, "second_linear", {g.find_value("x_dequantized"), g.find_value("w")},
             {second});
  g.add_output(second);
  ASSERT_TRUE(ir::infer_shapes(g).ok());
  ASSERT_TRUE(ir::fuse_dynamic_quantized_linear(g).ok());
  const std::map<OpType, int> counts = op_counts(g);
  EXPECT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts.at(OpType::kDynamicQuantizeMatMul), 2);
  EXPECT_TRUE(g.verify().ok());
}

}  // namespace
}  // namespace edgeq::testing
