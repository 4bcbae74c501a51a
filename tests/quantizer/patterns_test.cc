// Each built-in pattern family on a small graph, annotated by the XNNPACK quantizer's presets.
#include <gtest/gtest.h>

#include "quantizer/xnnpack_quantizer.h"
#include "tests/quantizer/quantizer_test_util.h"

namespace edgeq::quantizer {
namespace {

using testing::GraphBuilder;

Annotations annotate(const ir::Graph& graph, XnnpackScheme scheme = XnnpackScheme::kW8A8,
                     XnnpackPresetOptions options = {}) {
  auto quantizer = XnnpackQuantizer::from_preset(scheme, options);
  EXPECT_TRUE(quantizer.ok()) << quantizer.status().to_string();
  auto annotations = quantizer->annotate(graph);
  EXPECT_TRUE(annotations.ok()) << annotations.status().to_string();
  return annotations.ok() ? std::move(annotations).value() : Annotations();
}

const QuantizationSpec* quant_spec(const Annotations& a, const EdgeRef& edge) {
  const EdgeSpec* spec = a.spec(edge);
  return spec == nullptr ? nullptr : std::get_if<QuantizationSpec>(spec);
}

std::string pattern_of(const Annotations& a, const std::string& node) {
  const NodeAnnotation* record = a.find(node);
  return record == nullptr ? "" : record->pattern;
}

// x[1,3,8,8] -> Conv(w[4,3,3,3], b[4]) -> (fused op)
ir::Graph conv_then(OpType fused, Attributes fused_attrs = Attributes(),
                    bool second_reader = false) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 3, 8, 8});
  ir::Value* conv = b.op(OpType::kConv, "conv",
                         {x, b.weight("w", Shape{4, 3, 3, 3}, 1), b.weight("b", Shape{4}, 2)});
  ir::Value* act = b.op(fused, "act", {conv}, std::move(fused_attrs));
  b.output(act);
  if (second_reader) b.output(b.op(OpType::kSigmoid, "other", {conv}));
  return b.finish();
}

TEST(PatternsTest, ConvReluIsOnePatternWithDerivedBias) {
  ir::Graph graph = conv_then(OpType::kRelu);
  Annotations a = annotate(graph);
  EXPECT_EQ(pattern_of(a, "conv"), "conv_relu");
  EXPECT_EQ(pattern_of(a, "act"), "conv_relu");
  const QuantizationSpec* input = quant_spec(a, EdgeRef::input("conv", 0));
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->dtype, DType::kI8);
  EXPECT_EQ(input->qscheme, QScheme::kPerTensorAffine);
  const QuantizationSpec* weight = quant_spec(a, EdgeRef::input("conv", 1));
  ASSERT_NE(weight, nullptr);
  EXPECT_EQ(weight->qscheme, QScheme::kPerChannelSymmetric);
  EXPECT_EQ(weight->axis, 0);
  EXPECT_EQ(weight->quant_min, -127);
  const EdgeSpec* bias = a.spec(EdgeRef::input("conv", 2));
  ASSERT_NE(bias, nullptr);
  const auto* derived = std::get_if<DerivedSpec>(bias);
  ASSERT_NE(derived, nullptr);
  ASSERT_EQ(derived->factors.size(), 2u);
  EXPECT_EQ(derived->factors[0], EdgeRef::input("conv", 0));
  EXPECT_EQ(derived->factors[1], EdgeRef::input("conv", 1));
  EXPECT_EQ(a.spec(EdgeRef::output("conv", 0)), nullptr);  // fused: not quantized in between
  EXPECT_NE(quant_spec(a, EdgeRef::output("act", 0)), nullptr);
}

TEST(PatternsTest, ConvClipFusesRelu6AndPerTensorWeightsAreOptional) {
  Attributes relu6;
  relu6.set("min", 0.0f);
  relu6.set("max", 6.0f);
  ir::Graph graph = conv_then(OpType::kClip, relu6);
  XnnpackPresetOptions per_tensor;
  per_tensor.per_channel = false;
  Annotations a = annotate(graph, XnnpackScheme::kW8A8, per_tensor);
  EXPECT_EQ(pattern_of(a, "conv"), "conv_clip");
  const QuantizationSpec* weight = quant_spec(a, EdgeRef::input("conv", 1));
  ASSERT_NE(weight, nullptr);
  EXPECT_EQ(weight->qscheme, QScheme::kPerTensorSymmetric);
}

TEST(PatternsTest, ConvWithASecondReaderIsNotFused) {
  ir::Graph graph = conv_then(OpType::kRelu, Attributes(), /*second_reader=*/true);
  Annotations a = annotate(graph);
  EXPECT_EQ(pattern_of(a, "conv"), "conv");
  EXPECT_EQ(pattern_of(a, "act"), "activation");
  EXPECT_EQ(pattern_of(a, "other"), "sigmoid");
  EXPECT_NE(quant_spec(a, EdgeRef::output("conv", 0)), nullptr);
}

TEST(PatternsTest, ConvWithComputedWeightsStaysFloat) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 2, 4, 4});
  ir::Value* w = b.input("w", Shape{2, 2, 1, 1});
  b.output(b.op(OpType::kConv, "conv", {x, w}));
  ir::Graph graph = b.finish();
  EXPECT_FALSE(annotate(graph).is_claimed("conv"));
}

// x[2,16] -> linear with weight [16, 8] (MatMul, Gemm transB=0) or [8, 16] (Gemm transB=1).
ir::Graph linear(OpType op, bool trans_b, bool relu) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{2, 16});
  ir::Value* w = b.weight("w", trans_b ? Shape{8, 16} : Shape{16, 8}, 3);
  std::vector<ir::Value*> inputs = {x, w};
  Attributes attrs;
  if (op == OpType::kGemm) {
    inputs.push_back(b.weight("b", Shape{8}, 4));
    attrs.set("transB", int64_t{trans_b ? 1 : 0});
  }
  ir::Value* y = b.op(op, "fc", inputs, attrs);
  if (relu) y = b.op(OpType::kRelu, "relu", {y});
  b.output(y);
  return b.finish();
}

TEST(PatternsTest, LinearWeightAxesFollowTheLayout) {
  struct Case {
    OpType op;
    bool trans_b;
    int channel_axis;
    int group_axis;
  };
  for (const Case& c : {Case{OpType::kGemm, true, 0, 1}, Case{OpType::kGemm, false, 1, 0},
                        Case{OpType::kMatMul, false, 1, 0}}) {
    SCOPED_TRACE(str_cat(op_name(c.op), " transB=", c.trans_b));
    ir::Graph graph = linear(c.op, c.trans_b, true);
    Annotations a = annotate(graph);
    EXPECT_EQ(pattern_of(a, "fc"), "linear_relu");
    const QuantizationSpec* w8 = quant_spec(a, EdgeRef::input("fc", 1));
    ASSERT_NE(w8, nullptr);
    EXPECT_EQ(w8->axis, c.channel_axis);
    XnnpackPresetOptions group;
    group.group_size = 32;
    Annotations a4 = annotate(graph, XnnpackScheme::kW4A8, group);
    const QuantizationSpec* w4 = quant_spec(a4, EdgeRef::input("fc", 1));
    ASSERT_NE(w4, nullptr);
    EXPECT_EQ(w4->dtype, DType::kI4);
    EXPECT_EQ(w4->qscheme, QScheme::kPerGroupSymmetric);
    EXPECT_EQ(w4->axis, c.group_axis);
    EXPECT_EQ(w4->group_size, 32);
    const QuantizationSpec* act = quant_spec(a4, EdgeRef::input("fc", 0));
    ASSERT_NE(act, nullptr);
    EXPECT_TRUE(act->is_dynamic);
    EXPECT_EQ(act->qscheme, QScheme::kPerTokenAffine);
    EXPECT_EQ(a4.spec(EdgeRef::input("fc", 2)), nullptr);     // per-group weights: float bias
    EXPECT_EQ(a4.spec(EdgeRef::output("relu", 0)), nullptr);  // dynamic: outputs stay float
  }
}

TEST(PatternsTest, MatMulPlusConstantAddIsALinearLayerWithBias) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{2, 3, 16});
  ir::Value* mm = b.op(OpType::kMatMul, "mm", {x, b.weight("w", Shape{16, 8}, 3)});
  ir::Value* add = b.op(OpType::kAdd, "bias_add", {b.weight("b", Shape{8}, 4), mm});
  b.output(b.op(OpType::kRelu, "relu", {add}));
  ir::Graph graph = b.finish();
  Annotations a = annotate(graph);
  EXPECT_EQ(pattern_of(a, "mm"), "linear_bias_relu");
  EXPECT_EQ(pattern_of(a, "bias_add"), "linear_bias_relu");
  const EdgeSpec* bias = a.spec(EdgeRef::input("bias_add", 0));
  ASSERT_NE(bias, nullptr);
  EXPECT_TRUE(std::holds_alternative<DerivedSpec>(*bias));
  EXPECT_EQ(a.spec(EdgeRef::input("bias_add", 1)), nullptr);
  EXPECT_EQ(a.spec(EdgeRef::output("mm", 0)), nullptr);
  EXPECT_EQ(a.spec(EdgeRef::output("bias_add", 0)), nullptr);
  EXPECT_NE(quant_spec(a, EdgeRef::output("relu", 0)), nullptr);
  // Dynamic activations: the layer is claimed, its bias stays float.
  Annotations dynamic = annotate(graph, XnnpackScheme::kW8A8Dynamic);
  EXPECT_EQ(pattern_of(dynamic, "bias_add"), "linear_bias_relu");
  EXPECT_EQ(dynamic.spec(EdgeRef::input("bias_add", 0)), nullptr);
}

TEST(PatternsTest, GemmWithBetaKeepsAFloatBias) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{2, 4});
  Attributes attrs;
  attrs.set("beta", 0.5f);
  b.output(b.op(OpType::kGemm, "fc", {x, b.weight("w", Shape{4, 3}, 5), b.weight("b", Shape{3}, 6)},
                attrs));
  ir::Graph graph = b.finish();
  Annotations a = annotate(graph);
  EXPECT_EQ(pattern_of(a, "fc"), "linear");
  EXPECT_NE(a.spec(EdgeRef::input("fc", 1)), nullptr);
  EXPECT_EQ(a.spec(EdgeRef::input("fc", 2)), nullptr);
}

TEST(PatternsTest, AddReluAndMulQuantizeBothInputs) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 4});
  ir::Value* y = b.input("y", Shape{1, 4});
  ir::Value* sum = b.op(OpType::kRelu, "relu", {b.op(OpType::kAdd, "add", {x, y})});
  b.output(b.op(OpType::kMul, "mul", {sum, y}));
  ir::Graph graph = b.finish();
  Annotations a = annotate(graph);
  EXPECT_EQ(pattern_of(a, "add"), "add_relu");
  EXPECT_EQ(pattern_of(a, "relu"), "add_relu");
  EXPECT_EQ(pattern_of(a, "mul"), "mul");
  for (const char* node : {"add", "mul"}) {
    EXPECT_NE(quant_spec(a, EdgeRef::input(node, 0)), nullptr) << node;
    EXPECT_NE(quant_spec(a, EdgeRef::input(node, 1)), nullptr) << node;
  }
  EXPECT_EQ(a.spec(EdgeRef::output("add", 0)), nullptr);
  EXPECT_NE(quant_spec(a, EdgeRef::output("relu", 0)), nullptr);
  // Weight-only configs have no activation specs: add and mul stay float.
  Annotations weight_only = annotate(graph, XnnpackScheme::kWeightOnlyInt8);
  EXPECT_EQ(weight_only.size(), 0u);
}

TEST(PatternsTest, ConcatSharesOneSetOfParameters) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 2, 4, 4});
  ir::Value* c1 = b.op(OpType::kConv, "c1", {x, b.weight("w1", Shape{2, 2, 1, 1}, 7)});
  ir::Value* cat = b.op(OpType::kConcat, "cat", {c1, x}, testing::int_attr("axis", 1));
  b.output(cat);
  ir::Graph graph = b.finish();
  Annotations a = annotate(graph);
  EXPECT_EQ(pattern_of(a, "cat"), "concat");
  for (int i = 0; i < 2; ++i) {
    const EdgeSpec* spec = a.spec(EdgeRef::input("cat", i));
    ASSERT_NE(spec, nullptr);
    const auto* shared = std::get_if<SharedSpec>(spec);
    ASSERT_NE(shared, nullptr);
    EXPECT_EQ(shared->edge, EdgeRef::output("cat", 0));
  }
  EXPECT_NE(quant_spec(a, EdgeRef::output("cat", 0)), nullptr);
}

TEST(PatternsTest, ConcatOfFloatValuesStaysFloat) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 4});
  ir::Value* e = b.op(OpType::kExp, "exp", {x});
  b.output(b.op(OpType::kConcat, "cat", {e, x}, testing::int_attr("axis", 1)));
  ir::Graph graph = b.finish();
  Annotations a = annotate(graph);
  EXPECT_FALSE(a.is_claimed("cat"));
  EXPECT_FALSE(a.is_claimed("exp"));  // outside every pattern
}

TEST(PatternsTest, PoolsAndPassThroughOps) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 2, 4, 4});
  ir::Value* conv = b.op(OpType::kConv, "conv", {x, b.weight("w", Shape{2, 2, 1, 1}, 8)});
  Attributes pool;
  pool.set("kernel_shape", std::vector<int64_t>{2, 2});
  ir::Value* max = b.op(OpType::kMaxPool, "max", {conv}, pool);
  ir::Value* avg = b.op(OpType::kAveragePool, "avg", {max}, pool);
  ir::Value* gap = b.op(OpType::kGlobalAveragePool, "gap", {avg});
  b.output(b.op(OpType::kFlatten, "flat", {gap}));
  ir::Graph graph = b.finish();
  Annotations a = annotate(graph);
  EXPECT_EQ(pattern_of(a, "max"), "pass_through");
  EXPECT_EQ(pattern_of(a, "flat"), "pass_through");
  EXPECT_EQ(pattern_of(a, "avg"), "average_pool");
  EXPECT_EQ(pattern_of(a, "gap"), "global_average_pool");
  const EdgeSpec* max_out = a.spec(EdgeRef::output("max", 0));
  ASSERT_NE(max_out, nullptr);
  ASSERT_TRUE(std::holds_alternative<SharedSpec>(*max_out));
  EXPECT_EQ(std::get<SharedSpec>(*max_out).edge, EdgeRef::input("max", 0));
  EXPECT_NE(quant_spec(a, EdgeRef::output("avg", 0)), nullptr);  // own parameters
}

TEST(PatternsTest, PassThroughAfterFloatInputStaysFloat) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{2, 3});
  ir::Value* shape = b.constant<int64_t>("shape", Shape{1}, {6});
  b.output(b.op(OpType::kReshape, "reshape", {x, shape}));
  ir::Graph graph = b.finish();
  EXPECT_FALSE(annotate(graph).is_claimed("reshape"));
}

const FixedSpec* fixed_output(const Annotations& a, const std::string& node) {
  const EdgeSpec* spec = a.spec(EdgeRef::output(node, 0));
  return spec == nullptr ? nullptr : std::get_if<FixedSpec>(spec);
}

TEST(PatternsTest, ActivationsWithFixedAndObservedOutputs) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 8});
  b.output(b.op(OpType::kSigmoid, "sigmoid", {x}));
  b.output(b.op(OpType::kSoftmax, "softmax", {x}));
  b.output(b.op(OpType::kTanh, "tanh", {x}));
  b.output(b.op(OpType::kHardSwish, "hswish", {x}));
  b.output(b.op(OpType::kLeakyRelu, "leaky", {x}));
  ir::Graph graph = b.finish();
  Annotations a = annotate(graph);
  for (const char* node : {"sigmoid", "softmax"}) {
    const FixedSpec* f = fixed_output(a, node);
    ASSERT_NE(f, nullptr) << node;
    EXPECT_FLOAT_EQ(f->scale, 1.0f / 256);
    EXPECT_EQ(f->zero_point, -128);
  }
  const FixedSpec* tanh = fixed_output(a, "tanh");
  ASSERT_NE(tanh, nullptr);
  EXPECT_FLOAT_EQ(tanh->scale, 1.0f / 128);
  EXPECT_EQ(tanh->zero_point, 0);
  EXPECT_NE(quant_spec(a, EdgeRef::output("hswish", 0)), nullptr);
  EXPECT_NE(quant_spec(a, EdgeRef::output("leaky", 0)), nullptr);
  EXPECT_NE(quant_spec(a, EdgeRef::input("leaky", 0)), nullptr);
  // int16 activations: fixed outputs in [-32768, 32767] with 1/32768.
  Annotations a16 = annotate(graph, XnnpackScheme::kW8A16);
  const FixedSpec* s16 = fixed_output(a16, "sigmoid");
  ASSERT_NE(s16, nullptr);
  EXPECT_EQ(s16->dtype, DType::kI16);
  EXPECT_FLOAT_EQ(s16->scale, 1.0f / 32768);
  EXPECT_EQ(s16->zero_point, 0);
}

}  // namespace
}  // namespace edgeq::quantizer
