// calibrate_model + convert_model: the QDQ rewrite, its naming rule, every preset run on the
// portable kernels (QuantSim) against the float graph, int4 round trips, re-running convert with
// nodes kept float, BatchNorm folding and errors.
#include <gtest/gtest.h>

#include <cstring>
#include <iostream>

#include "importer/onnx/onnx_importer.h"
#include "quantizer/quantize_model.h"
#include "quantizer/xnnpack_quantizer.h"
#include "tests/quantizer/quantizer_test_util.h"

namespace edgeq::quantizer {
namespace {

using testing::GraphBuilder;

Attributes conv_attrs() { return testing::ints_attr("pads", {1, 1, 1, 1}); }

// conv1+relu -> conv2 -> add(residual)+relu -> global average pool -> flatten -> gemm
ir::Graph conv_net() {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 3, 8, 8});
  ir::Value* h =
      b.op(OpType::kConv, "conv1",
           {x, b.weight("w1", Shape{8, 3, 3, 3}, 11), b.weight("b1", Shape{8}, 12)}, conv_attrs());
  ir::Value* r1 = b.op(OpType::kRelu, "relu1", {h});
  ir::Value* c2 =
      b.op(OpType::kConv, "conv2",
           {r1, b.weight("w2", Shape{8, 8, 3, 3}, 13, 0.2f), b.weight("b2", Shape{8}, 14)},
           conv_attrs());
  ir::Value* sum = b.op(OpType::kRelu, "relu2", {b.op(OpType::kAdd, "add", {c2, r1})});
  ir::Value* pooled = b.op(OpType::kGlobalAveragePool, "gap", {sum});
  ir::Value* flat = b.op(OpType::kFlatten, "flat", {pooled});
  Attributes trans;
  trans.set("transB", int64_t{1});
  b.output(b.op(OpType::kGemm, "fc",
                {flat, b.weight("wf", Shape{10, 8}, 15), b.weight("bf", Shape{10}, 16)}, trans));
  return b.finish();
}

// x[4, 64] -> fc1 (64 -> 128) + relu -> fc2 (128 -> 32)
ir::Graph mlp() {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{4, 64});
  Attributes trans;
  trans.set("transB", int64_t{1});
  ir::Value* h =
      b.op(OpType::kGemm, "fc1",
           {x, b.weight("w1", Shape{128, 64}, 21, 0.2f), b.weight("b1", Shape{128}, 22)}, trans);
  h = b.op(OpType::kRelu, "relu1", {h});
  b.output(b.op(OpType::kMatMul, "fc2", {h, b.weight("w2", Shape{128, 32}, 23, 0.2f)}));
  return b.finish();
}

struct Converted {
  CalibratedModel model;
  ir::Graph qdq;
};

Converted quantize(ir::Graph graph, XnnpackScheme scheme, const Shape& input_shape,
                   XnnpackPresetOptions options = {}) {
  auto quantizer = XnnpackQuantizer::from_preset(scheme, options);
  EXPECT_TRUE(quantizer.ok());
  auto batches = testing::random_batches("x", input_shape, 8, 100);
  auto model = calibrate_model(std::move(graph), *quantizer, batches);
  EXPECT_TRUE(model.ok()) << model.status().to_string();
  if (!model.ok()) return {};
  auto qdq = convert_model(*model);
  EXPECT_TRUE(qdq.ok()) << qdq.status().to_string();
  if (!qdq.ok()) return {};
  return {std::move(model).value(), std::move(qdq).value()};
}

// SQNR of the QDQ graph's output against the float graph's on a fresh random input.
double output_sqnr(const Converted& c, const Shape& input_shape) {
  std::vector<float> input = testing::random_floats(input_shape.numel(), 999);
  return testing::sqnr_db(testing::run_single(c.model.graph, "x", input),
                          testing::run_single(c.qdq, "x", input));
}

OpType producer_op(const ir::Graph& graph, const std::string& value) {
  const ir::Value* v = graph.find_value(value);
  EXPECT_NE(v, nullptr) << value;
  if (v == nullptr || v->producer() == nullptr) return OpType::kIdentity;
  return v->producer()->op();
}

TEST(ConvertTest, W8A8ConvNetFollowsTheNamingRuleAndIsCloseToFloat) {
  const Shape shape{1, 3, 8, 8};
  Converted c = quantize(conv_net(), XnnpackScheme::kW8A8, shape);
  const ir::Graph& g = c.qdq;
  // Activations: X is the dequantized value, X_float the producer's, X_quantized the int8 one.
  EXPECT_EQ(producer_op(g, "relu1"), OpType::kDequantizeLinear);
  EXPECT_EQ(producer_op(g, "relu1_float"), OpType::kRelu);
  EXPECT_EQ(producer_op(g, "relu1_quantized"), OpType::kQuantizeLinear);
  EXPECT_EQ(g.find_value("relu1_quantized")->dtype(), DType::kI8);
  EXPECT_EQ(producer_op(g, "conv1"), OpType::kConv);              // fused with relu1
  EXPECT_EQ(producer_op(g, "conv2"), OpType::kDequantizeLinear);  // own pattern: quantized
  EXPECT_EQ(producer_op(g, "conv2_float"), OpType::kConv);
  EXPECT_EQ(producer_op(g, "add"), OpType::kAdd);                         // fused with relu2
  EXPECT_EQ(producer_op(g, "x_dequantized"), OpType::kDequantizeLinear);  // graph input keeps x
  EXPECT_EQ(g.find_value("x")->producer(), nullptr);
  EXPECT_EQ(producer_op(g, "fc"), OpType::kDequantizeLinear);  // the graph output, simulated
  // Weights int8 per channel, bias int32, both read back through DequantizeLinear.
  EXPECT_EQ(producer_op(g, "w1"), OpType::kDequantizeLinear);
  EXPECT_EQ(g.find_value("w1_quantized")->dtype(), DType::kI8);
  EXPECT_EQ(g.find_value("w1_scale")->shape(), (Shape{8}));
  EXPECT_EQ(g.find_value("b1_quantized")->dtype(), DType::kI32);
  EXPECT_EQ(g.find_value("wf_quantized")->dtype(), DType::kI8);
  const double sqnr = output_sqnr(c, shape);
  std::cout << "[ measured ] w8a8 conv net output SQNR " << sqnr << " dB\n";
  EXPECT_GT(sqnr, 30.0);
}

TEST(ConvertTest, BiasScaleIsInputScaleTimesWeightScale) {
  Converted c = quantize(conv_net(), XnnpackScheme::kW8A8, Shape{1, 3, 8, 8});
  const ir::Graph& g = c.qdq;
  const float input_scale = testing::constant_values<float>(g.find_value("x_scale"))[0];
  const auto weight_scales = testing::constant_values<float>(g.find_value("w1_scale"));
  const auto bias_scales = testing::constant_values<float>(g.find_value("b1_scale"));
  ASSERT_EQ(bias_scales.size(), weight_scales.size());
  for (size_t i = 0; i < bias_scales.size(); ++i) {
    EXPECT_FLOAT_EQ(bias_scales[i], input_scale * weight_scales[i]) << i;
  }
  const auto zero_points = testing::constant_values<int32_t>(g.find_value("b1_zero_point"));
  for (int32_t zp : zero_points) EXPECT_EQ(zp, 0);
}

TEST(ConvertTest, EveryPresetConvertsRunsAndStaysCloseToFloat) {
  struct Case {
    XnnpackScheme scheme;
    bool conv;
    double min_sqnr;
  };
  for (const Case& k :
       {Case{XnnpackScheme::kW8A8, false, 30}, Case{XnnpackScheme::kW8A16, true, 40},
        Case{XnnpackScheme::kW8A16, false, 40}, Case{XnnpackScheme::kFp16, true, 60},
        Case{XnnpackScheme::kWeightOnlyInt8, true, 35},
        Case{XnnpackScheme::kW8A8Dynamic, false, 30}, Case{XnnpackScheme::kW4A8, false, 15},
        Case{XnnpackScheme::kWeightOnlyInt4, false, 15}}) {
    const Shape shape = k.conv ? Shape{1, 3, 8, 8} : Shape{4, 64};
    Converted c = quantize(k.conv ? conv_net() : mlp(), k.scheme, shape);
    ASSERT_GT(c.qdq.num_nodes(), c.model.graph.num_nodes()) << xnnpack_scheme_name(k.scheme);
    const double sqnr = output_sqnr(c, shape);
    std::cout << "[ measured ] " << xnnpack_scheme_name(k.scheme) << (k.conv ? " conv net" : " mlp")
              << " output SQNR " << sqnr << " dB\n";
    EXPECT_GT(sqnr, k.min_sqnr) << xnnpack_scheme_name(k.scheme);
    EXPECT_TRUE(std::isfinite(sqnr)) << "quantization changed nothing";
  }
}

TEST(ConvertTest, Uint8ActivationsAndExcludedNodes) {
  auto w8a8 = xnnpack_preset(XnnpackScheme::kW8A8);
  ASSERT_TRUE(w8a8.ok());
  QuantizationConfig u8 = *w8a8;
  u8.name = "u8";
  u8.input_activation = QuantizationSpec::uint8_activation();
  u8.output_activation = u8.input_activation;
  XnnpackQuantizer quantizer;
  quantizer.set_global(u8);
  ASSERT_TRUE(quantizer.exclude_node_name_regex("conv2").ok());
  auto batches = testing::random_batches("x", Shape{1, 3, 8, 8}, 4, 50);
  auto model = calibrate_model(conv_net(), quantizer, batches);
  ASSERT_TRUE(model.ok()) << model.status().to_string();
  auto qdq = convert_model(*model);
  ASSERT_TRUE(qdq.ok()) << qdq.status().to_string();
  EXPECT_EQ(qdq->find_value("relu1_quantized")->dtype(), DType::kU8);
  EXPECT_EQ(qdq->find_value("w2")->dtype(), DType::kF32);  // excluded: float weights
  EXPECT_TRUE(qdq->find_value("w2")->is_constant());
  // The float conv's output is still quantized: the add asked for its input.
  EXPECT_EQ(producer_op(*qdq, "conv2"), OpType::kDequantizeLinear);
  EXPECT_EQ(producer_op(*qdq, "conv2_float"), OpType::kConv);
  Converted c{std::move(model).value(), std::move(qdq).value()};
  EXPECT_GT(output_sqnr(c, Shape{1, 3, 8, 8}), 30.0);
}

TEST(ConvertTest, MatMulAddBiasIsStoredAsInt32) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{2, 3, 16});
  ir::Value* mm = b.op(OpType::kMatMul, "mm", {x, b.weight("w", Shape{16, 8}, 41)});
  b.output(b.op(OpType::kAdd, "bias_add", {mm, b.weight("b", Shape{8}, 42)}));
  Converted c = quantize(b.finish(), XnnpackScheme::kW8A8, Shape{2, 3, 16});
  ASSERT_NE(c.qdq.find_value("b_quantized"), nullptr);
  EXPECT_EQ(c.qdq.find_value("b_quantized")->dtype(), DType::kI32);
  EXPECT_EQ(producer_op(c.qdq, "mm"), OpType::kMatMul);  // fused: not quantized in between
  EXPECT_GT(output_sqnr(c, Shape{2, 3, 16}), 30.0);
}

TEST(ConvertTest, DynamicActivationsUseDynamicQuantizePerToken) {
  Converted c = quantize(mlp(), XnnpackScheme::kW8A8Dynamic, Shape{4, 64});
  const ir::Graph& g = c.qdq;
  EXPECT_EQ(producer_op(g, "relu1"), OpType::kDequantizeLinear);
  EXPECT_EQ(producer_op(g, "relu1_float"), OpType::kRelu);
  EXPECT_EQ(producer_op(g, "relu1_quantized"), OpType::kDynamicQuantize);
  EXPECT_EQ(g.find_value("relu1_scale")->shape(), (Shape{4, 1}));
  EXPECT_EQ(producer_op(g, "x_dequantized"), OpType::kDequantizeLinear);
  EXPECT_EQ(producer_op(g, "fc2"), OpType::kMatMul);  // dynamic: outputs stay float
  EXPECT_EQ(c.model.num_batches, 0u);                 // nothing static to calibrate
}

TEST(ConvertTest, Int4GroupWeightsRoundTripThroughDequantizeLinear) {
  XnnpackPresetOptions options;
  options.group_size = 32;
  Converted c = quantize(mlp(), XnnpackScheme::kW4A8, Shape{4, 64}, options);
  const ir::Graph& g = c.qdq;
  const ir::Value* packed = g.find_value("w1_quantized");
  ASSERT_NE(packed, nullptr);
  EXPECT_EQ(packed->dtype(), DType::kI4);
  EXPECT_EQ(packed->constant()->size(), 128u * 64 / 2);
  const ir::Node* dq = g.find_value("w1")->producer();
  ASSERT_EQ(dq->op(), OpType::kDequantizeLinear);
  EXPECT_EQ(*dq->attrs().get_int("block_size", 0), 32);
  EXPECT_EQ(*dq->attrs().get_int("axis", 0), 1);
  EXPECT_EQ(g.find_value("w1_scale")->shape(), (Shape{128, 2}));
  std::vector<TensorView> inputs;
  for (const ir::Value* in : dq->inputs()) inputs.push_back(in->view());
  auto out = runtime::evaluate_kernel(OpType::kDequantizeLinear, dq->attrs(),
                                      Span<const TensorView>(inputs), 1);
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  const float* back = (*out)[0].view.data_as<const float>();
  const auto original = testing::constant_values<float>(c.model.graph.find_value("w1"));
  const auto scales = testing::constant_values<float>(g.find_value("w1_scale"));
  for (size_t i = 0; i < original.size(); ++i) {
    const float scale = scales[(i / 64) * 2 + (i % 64) / 32];
    ASSERT_LE(std::fabs(back[i] - original[i]), scale / 2 + 1e-6f) << i;
  }
}

TEST(ConvertTest, ConvertIsRerunnableWithNodesKeptFloat) {
  Converted c = quantize(conv_net(), XnnpackScheme::kW8A8, Shape{1, 3, 8, 8});
  auto names = quantized_node_names(c.model);
  EXPECT_NE(std::find(names.begin(), names.end(), "conv2"), names.end());
  ConvertOptions keep;
  keep.keep_float_nodes = {"conv2"};
  auto partial = convert_model(c.model, keep);
  ASSERT_TRUE(partial.ok()) << partial.status().to_string();
  EXPECT_TRUE(partial->find_value("w2")->is_constant());  // float weights
  EXPECT_EQ(partial->find_value("w2")->dtype(), DType::kF32);
  EXPECT_EQ(partial->find_value("w2_quantized"), nullptr);
  EXPECT_NE(partial->find_value("w1_quantized"), nullptr);
  auto again = convert_model(c.model);  // the model is unchanged: same result as the first time
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->num_nodes(), c.qdq.num_nodes());
  CalibratedModel copy = c.model.clone();
  auto from_copy = convert_model(copy);
  ASSERT_TRUE(from_copy.ok());
  const auto s1 = testing::constant_values<float>(again->find_value("relu1_scale"));
  const auto s2 = testing::constant_values<float>(from_copy->find_value("relu1_scale"));
  EXPECT_EQ(s1, s2);
  ConvertOptions unknown;
  unknown.keep_float_nodes = {"conv9"};
  auto bad = convert_model(c.model, unknown);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("conv9"), std::string::npos);
}

TEST(ConvertTest, BatchNormIsFoldedBeforeWeightsAreObserved) {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{1, 2, 4, 4});
  ir::Value* conv =
      b.op(OpType::kConv, "conv", {x, b.weight("w", Shape{2, 2, 3, 3}, 31)}, conv_attrs());
  ir::Value* bn = b.op(OpType::kBatchNormalization, "bn",
                       {conv, b.constant<float>("gamma", Shape{2}, {2.f, 0.5f}),
                        b.constant<float>("beta", Shape{2}, {0.1f, -0.2f}),
                        b.constant<float>("mean", Shape{2}, {0.05f, 0.f}),
                        b.constant<float>("var", Shape{2}, {1.f, 4.f})});
  b.output(b.op(OpType::kRelu, "relu", {bn}));
  Converted c = quantize(b.finish(), XnnpackScheme::kW8A8, Shape{1, 2, 4, 4});
  for (const ir::Node* node : c.qdq.nodes()) EXPECT_NE(node->op(), OpType::kBatchNormalization);
  const NodeAnnotation* conv_record = c.model.annotations.find("conv");
  ASSERT_NE(conv_record, nullptr);
  EXPECT_EQ(conv_record->pattern, "conv_relu");
  EXPECT_GT(output_sqnr(c, Shape{1, 2, 4, 4}), 30.0);
}

TEST(ConvertTest, StaticSchemesNeedCalibrationData) {
  auto quantizer = XnnpackQuantizer::from_preset(XnnpackScheme::kW8A8);
  ASSERT_TRUE(quantizer.ok());
  InMemoryBatchSource empty;
  auto model = calibrate_model(mlp(), *quantizer, empty);
  EXPECT_EQ(model.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(model.status().message().find("calibration data"), std::string::npos);
  auto weight_only = XnnpackQuantizer::from_preset(XnnpackScheme::kWeightOnlyInt8);
  EXPECT_TRUE(calibrate_model(mlp(), *weight_only, empty).ok());
}

TEST(ConvertTest, CalibrationErrorsAreReported) {
  auto quantizer = XnnpackQuantizer::from_preset(XnnpackScheme::kW8A8);
  ASSERT_TRUE(quantizer.ok());
  auto wrong_shape = testing::random_batches("x", Shape{4, 63}, 2, 1);
  auto model = calibrate_model(mlp(), *quantizer, wrong_shape);
  EXPECT_FALSE(model.ok());
}

}  // namespace
}  // namespace edgeq::quantizer

namespace edgeq::quantizer {
namespace {

// The bundled ONNX models (imported without passes, so calibrate_model folds their BatchNorms),
// quantized w8a8 with random calibration data and compared with float on a fresh input.
TEST(ConvertTest, BundledOnnxModelsQuantizeAndStayCloseToFloat) {
  for (const char* model_name : {"demo_cnn", "fashion_cnn"}) {
    SCOPED_TRACE(model_name);
    importer::ImportOptions options;
    options.run_passes = false;
    auto graph = importer::import_onnx_file(
        str_cat(EDGEQ_SOURCE_DIR, "/examples/models/", model_name, ".onnx"), options);
    ASSERT_TRUE(graph.ok()) << graph.status().to_string();
    const std::string input = graph->inputs()[0]->name();
    const Shape shape = graph->inputs()[0]->shape();
    auto quantizer = XnnpackQuantizer::from_preset(XnnpackScheme::kW8A8);
    ASSERT_TRUE(quantizer.ok());
    auto batches = testing::random_batches(input, shape, 4, 300);
    auto model = calibrate_model(std::move(graph).value(), *quantizer, batches);
    ASSERT_TRUE(model.ok()) << model.status().to_string();
    auto qdq = convert_model(*model);
    ASSERT_TRUE(qdq.ok()) << qdq.status().to_string();
    for (const ir::Node* node : model->graph.nodes()) {
      EXPECT_NE(node->op(), OpType::kBatchNormalization);
    }
    const std::vector<float> data = testing::random_floats(shape.numel(), 301);
    const double sqnr = testing::sqnr_db(testing::run_single(model->graph, input, data),
                                         testing::run_single(*qdq, input, data));
    std::cout << "[ measured ] " << model_name << " w8a8 output SQNR " << sqnr << " dB ("
              << quantized_node_names(*model).size() << " quantized nodes)\n";
    EXPECT_GT(sqnr, 20.0);
  }
}

}  // namespace
}  // namespace edgeq::quantizer
