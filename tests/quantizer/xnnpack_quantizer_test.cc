// XnnpackQuantizer: presets, scheme names, scoping (global / op type / node-name regex) and
// exclusion.
#include "quantizer/xnnpack_quantizer.h"

#include <gtest/gtest.h>

#include "tests/quantizer/quantizer_test_util.h"

namespace edgeq::quantizer {
namespace {

using testing::GraphBuilder;

QuantizationConfig preset(XnnpackScheme scheme, XnnpackPresetOptions options = {}) {
  auto config = xnnpack_preset(scheme, options);
  EXPECT_TRUE(config.ok()) << config.status().to_string();
  return config.ok() ? *config : QuantizationConfig();
}

TEST(XnnpackQuantizerTest, PresetsSetTheDocumentedSpecs) {
  QuantizationConfig w8a8 = preset(XnnpackScheme::kW8A8);
  ASSERT_TRUE(w8a8.input_activation && w8a8.output_activation && w8a8.weight);
  EXPECT_EQ(w8a8.input_activation->dtype, DType::kI8);
  EXPECT_FALSE(w8a8.input_activation->is_dynamic);
  EXPECT_EQ(w8a8.weight->qscheme, QScheme::kPerChannelSymmetric);

  QuantizationConfig dynamic = preset(XnnpackScheme::kW8A8Dynamic);
  ASSERT_TRUE(dynamic.input_activation && dynamic.weight);
  EXPECT_TRUE(dynamic.input_activation->is_dynamic);
  EXPECT_EQ(dynamic.input_activation->qscheme, QScheme::kPerTokenAffine);
  EXPECT_FALSE(dynamic.output_activation);

  XnnpackPresetOptions g64;
  g64.group_size = 64;
  QuantizationConfig w4a8 = preset(XnnpackScheme::kW4A8, g64);
  ASSERT_TRUE(w4a8.weight);
  EXPECT_EQ(w4a8.weight->dtype, DType::kI4);
  EXPECT_EQ(w4a8.weight->group_size, 64);
  EXPECT_EQ(w4a8.weight->quant_min, -8);
  EXPECT_EQ(w4a8.weight->quant_max, 7);

  QuantizationConfig w8a16 = preset(XnnpackScheme::kW8A16);
  ASSERT_TRUE(w8a16.input_activation);
  EXPECT_EQ(w8a16.input_activation->dtype, DType::kI16);
  EXPECT_EQ(w8a16.input_activation->qscheme, QScheme::kPerTensorSymmetric);

  QuantizationConfig fp16 = preset(XnnpackScheme::kFp16);
  ASSERT_TRUE(fp16.weight);
  EXPECT_EQ(fp16.weight->dtype, DType::kF16);
  EXPECT_FALSE(fp16.input_activation);

  for (XnnpackScheme s : {XnnpackScheme::kWeightOnlyInt8, XnnpackScheme::kWeightOnlyInt4}) {
    QuantizationConfig c = preset(s);
    EXPECT_TRUE(c.weight);
    EXPECT_FALSE(c.input_activation);
    EXPECT_FALSE(c.output_activation);
  }
}

TEST(XnnpackQuantizerTest, GroupSizeIsChecked) {
  for (int bad : {0, 16, 48, 512}) {
    XnnpackPresetOptions options;
    options.group_size = bad;
    auto config = xnnpack_preset(XnnpackScheme::kW4A8, options);
    EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(config.status().message().find(std::to_string(bad)), std::string::npos);
  }
  XnnpackPresetOptions ok;
  ok.group_size = 256;
  EXPECT_TRUE(xnnpack_preset(XnnpackScheme::kWeightOnlyInt4, ok).ok());
}

TEST(XnnpackQuantizerTest, SchemeNamesRoundTrip) {
  for (XnnpackScheme s : {XnnpackScheme::kW8A8, XnnpackScheme::kW8A8Dynamic, XnnpackScheme::kW4A8,
                          XnnpackScheme::kW8A16, XnnpackScheme::kFp16,
                          XnnpackScheme::kWeightOnlyInt8, XnnpackScheme::kWeightOnlyInt4}) {
    auto parsed = xnnpack_scheme_from_name(xnnpack_scheme_name(s));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_EQ(*xnnpack_scheme_from_name("8da4w"), XnnpackScheme::kW4A8);
  auto bad = xnnpack_scheme_from_name("int3");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("w8a8_dynamic"), std::string::npos);
}

// x -> fc1 (Gemm) -> relu1 -> fc2 (Gemm) -> conv_like (MatMul)
ir::Graph mlp() {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{2, 8});
  Attributes trans;
  trans.set("transB", int64_t{1});
  ir::Value* h = b.op(OpType::kGemm, "fc1", {x, b.weight("w1", Shape{8, 8}, 1)}, trans);
  h = b.op(OpType::kRelu, "relu1", {h});
  h = b.op(OpType::kGemm, "fc2", {h, b.weight("w2", Shape{8, 8}, 2)}, trans);
  h = b.op(OpType::kMatMul, "proj", {h, b.weight("w3", Shape{8, 4}, 3)});
  b.output(h);
  return b.finish();
}

DType input_dtype(const Annotations& a, const std::string& node) {
  const EdgeSpec* spec = a.spec(EdgeRef::input(node, 0));
  if (spec == nullptr) return DType::kF32;
  return std::get<QuantizationSpec>(*spec).dtype;
}

TEST(XnnpackQuantizerTest, ScopingPrecedenceNameOverOpTypeOverGlobal) {
  ir::Graph graph = mlp();
  XnnpackQuantizer quantizer;
  EXPECT_EQ(quantizer.annotate(graph)->size(), 0u);  // no config: everything float
  quantizer.set_global(preset(XnnpackScheme::kW8A8));
  quantizer.set_op_type(OpType::kMatMul, preset(XnnpackScheme::kW8A16));
  ASSERT_TRUE(quantizer.set_node_name_regex("fc2", preset(XnnpackScheme::kW8A16)).ok());
  auto a = quantizer.annotate(graph);
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(input_dtype(*a, "fc1"), DType::kI8);    // global
  EXPECT_EQ(input_dtype(*a, "fc2"), DType::kI16);   // name regex
  EXPECT_EQ(input_dtype(*a, "proj"), DType::kI16);  // op type
  EXPECT_EQ(a->find("fc1")->pattern, "linear_relu");
}

TEST(XnnpackQuantizerTest, ExclusionKeepsNodesFloatAndBreaksFusion) {
  ir::Graph graph = mlp();
  auto quantizer = XnnpackQuantizer::from_preset(XnnpackScheme::kW8A8);
  ASSERT_TRUE(quantizer.ok());
  ASSERT_TRUE(quantizer->exclude_node_name_regex("relu.*").ok());
  quantizer->exclude_op_type(OpType::kMatMul);
  auto a = quantizer->annotate(graph);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->find("fc1")->pattern, "linear");  // relu1 excluded: no fusion
  EXPECT_FALSE(a->is_claimed("relu1"));
  EXPECT_FALSE(a->is_claimed("proj"));
  EXPECT_TRUE(a->is_claimed("fc2"));
  EXPECT_EQ(quantizer->config_for(*graph.find_node("proj")), nullptr);
  ASSERT_NE(quantizer->config_for(*graph.find_node("fc2")), nullptr);
  EXPECT_EQ(quantizer->config_for(*graph.find_node("fc2"))->name, "w8a8");
}

TEST(XnnpackQuantizerTest, BadRegexAndInvalidConfigAreErrors) {
  XnnpackQuantizer quantizer;
  Status bad = quantizer.set_node_name_regex("fc(", preset(XnnpackScheme::kW8A8));
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("fc("), std::string::npos);
  EXPECT_FALSE(quantizer.exclude_node_name_regex("[").ok());
  QuantizationConfig broken = preset(XnnpackScheme::kW8A8);
  broken.name = "broken";
  broken.input_activation->quant_min = 10;
  broken.input_activation->quant_max = 5;
  quantizer.set_global(broken);
  ir::Graph graph = mlp();
  auto a = quantizer.annotate(graph);
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("broken"), std::string::npos) << a.status().message();
}

TEST(XnnpackQuantizerTest, DynamicAndWeightOnlySchemesClaimLinearLayersOnly) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 2, 4, 4});
  ir::Value* conv = b.op(OpType::kConv, "conv", {x, b.weight("w", Shape{2, 2, 1, 1}, 4)});
  ir::Value* flat = b.op(OpType::kFlatten, "flat", {conv});
  b.output(b.op(OpType::kMatMul, "fc", {flat, b.weight("w2", Shape{32, 4}, 5)}));
  ir::Graph graph = b.finish();
  for (XnnpackScheme s :
       {XnnpackScheme::kW8A8Dynamic, XnnpackScheme::kW4A8, XnnpackScheme::kWeightOnlyInt4}) {
    auto quantizer = XnnpackQuantizer::from_preset(s);
    ASSERT_TRUE(quantizer.ok());
    auto a = quantizer->annotate(graph);
    ASSERT_TRUE(a.ok());
    EXPECT_FALSE(a->is_claimed("conv")) << xnnpack_scheme_name(s);
    EXPECT_FALSE(a->is_claimed("flat")) << xnnpack_scheme_name(s);
    EXPECT_TRUE(a->is_claimed("fc")) << xnnpack_scheme_name(s);
  }
  for (XnnpackScheme s : {XnnpackScheme::kFp16, XnnpackScheme::kWeightOnlyInt8}) {
    auto quantizer = XnnpackQuantizer::from_preset(s);
    auto a = quantizer->annotate(graph);
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(a->is_claimed("conv")) << xnnpack_scheme_name(s);
    EXPECT_EQ(a->spec(EdgeRef::input("conv", 0)), nullptr);  // activations float
    EXPECT_NE(a->spec(EdgeRef::input("conv", 1)), nullptr);
  }
}

}  // namespace
}  // namespace edgeq::quantizer
