// Sensitivity analysis and auto-fallback on a three-layer MLP where one layer is made very
// sensitive on purpose: every output channel of fc1's weight has an outlier (50) on an input
// feature that the data never uses (always 0), so per-channel int8 rounds all its useful weights
// to 0 or ±0.39 while contributing nothing to the float output.
#include "quantizer/sensitivity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "quantizer/xnnpack_quantizer.h"
#include "tests/quantizer/quantizer_test_util.h"

namespace edgeq::testing {
namespace {

using quantizer::CalibratedModel;
using quantizer::InMemoryBatchSource;

constexpr int64_t kBatch = 8;
constexpr int64_t kFeatures = 16;

ir::Graph build_mlp() {
  GraphBuilder b;
  ir::Value* x = b.input("x", Shape{kBatch, kFeatures});
  std::vector<float> w1 = random_floats(kFeatures * kFeatures, 3, -0.5f, 0.5f);
  for (int64_t n = 0; n < kFeatures; ++n) w1[n] = 50.f;  // row 0: input feature 0
  ir::Value* h1 =
      b.op(OpType::kMatMul, "fc1", {x, b.constant<float>("w1", Shape{kFeatures, kFeatures}, w1)});
  ir::Value* r1 = b.op(OpType::kRelu, "relu1", {h1});
  ir::Value* h2 = b.op(OpType::kMatMul, "fc2", {r1, b.weight("w2", Shape{kFeatures, 12}, 4)});
  ir::Value* r2 = b.op(OpType::kRelu, "relu2", {h2});
  ir::Value* y = b.op(OpType::kMatMul, "fc3", {r2, b.weight("w3", Shape{12, 6}, 5)});
  b.output(y);
  return b.finish();
}

// Uniform [-1, 1) data with feature 0 always zero.
InMemoryBatchSource mlp_data(int batches, uint32_t seed) {
  InMemoryBatchSource source;
  for (int i = 0; i < batches; ++i) {
    std::vector<float> data = random_floats(kBatch * kFeatures, seed + i);
    for (int64_t s = 0; s < kBatch; ++s) data[s * kFeatures] = 0.f;
    quantizer::Batch batch;
    batch.push_back(quantizer::BatchTensor::copy_of(
        "x",
        TensorView(DType::kF32, Shape{kBatch, kFeatures}, static_cast<const void*>(data.data()))));
    source.add(std::move(batch));
  }
  return source;
}

CalibratedModel calibrated_mlp() {
  auto quantizer = quantizer::XnnpackQuantizer::from_preset(quantizer::XnnpackScheme::kW8A8);
  EXPECT_TRUE(quantizer.ok()) << quantizer.status().to_string();
  auto model = quantizer::calibrate_model(build_mlp(), *quantizer, mlp_data(4, 100));
  EXPECT_TRUE(model.ok()) << model.status().to_string();
  return std::move(model).value();
}

TEST(Sensitivity, TheDeliberatelySensitiveLayerRanksFirst) {
  const CalibratedModel model = calibrated_mlp();
  const InMemoryBatchSource eval = mlp_data(3, 200);
  quantizer::SensitivityOptions options;
  size_t calls = 0;
  options.progress = [&](size_t done, size_t total) {
    ++calls;
    EXPECT_LE(done, total);
  };
  auto report = quantizer::analyze_sensitivity(model, eval, options);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->batches, 3u);
  ASSERT_GE(report->nodes.size(), 3u);
  EXPECT_EQ(calls, report->nodes.size() + 1);
  EXPECT_LT(report->quantized_sqnr_db, 15) << "fc1's outliers ruin the quantized model";
  EXPECT_EQ(report->nodes[0].node, "fc1");
  EXPECT_GT(report->nodes[0].output_sqnr_db, report->quantized_sqnr_db + 10);
  for (size_t i = 1; i < report->nodes.size(); ++i) {
    EXPECT_GE(report->nodes[i - 1].output_sqnr_db, report->nodes[i].output_sqnr_db);
    EXPECT_LT(report->nodes[i].output_sqnr_db, report->quantized_sqnr_db + 3)
        << report->nodes[i].node << " alone float barely helps";
  }
  const std::string text = quantizer::format_sensitivity_report(*report);
  EXPECT_NE(text.find("fc1"), std::string::npos) << text;
  EXPECT_NE(text.find("sensitivity over 3 batch(es)"), std::string::npos) << text;
}

TEST(Sensitivity, AutoFallbackKeepsOnlyTheSensitiveLayerFloat) {
  const CalibratedModel model = calibrated_mlp();
  const InMemoryBatchSource eval = mlp_data(3, 200);
  auto result = quantizer::auto_fallback(model, eval, /*target_db=*/25);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_TRUE(result->reached) << quantizer::format_fallback_result(*result);
  EXPECT_EQ(result->float_nodes, (std::vector<std::string>{"fc1"}));
  EXPECT_GE(result->final_sqnr_db, 25);
  ASSERT_FALSE(result->steps.empty());
  EXPECT_EQ(result->steps[0].node, "fc1");
  // The returned graph is the converted one with fc1 float: same SQNR when measured again.
  auto measured = quantizer::output_sqnr_db(model.graph, result->graph, eval, 0);
  ASSERT_TRUE(measured.ok()) << measured.status().to_string();
  EXPECT_NEAR(*measured, result->final_sqnr_db, 1e-9);
  EXPECT_NE(quantizer::format_fallback_result(*result).find("reached with 1 node(s)"),
            std::string::npos);
}

TEST(Sensitivity, AutoFallbackReportsAnUnreachableTarget) {
  const CalibratedModel model = calibrated_mlp();
  const InMemoryBatchSource eval = mlp_data(2, 300);
  quantizer::SensitivityOptions options;
  options.max_float_nodes = 1;
  auto result = quantizer::auto_fallback(model, eval, /*target_db=*/500, options);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_FALSE(result->reached);
  EXPECT_EQ(result->float_nodes.size(), 1u);
  EXPECT_LT(result->final_sqnr_db, 500);
  EXPECT_NE(quantizer::format_fallback_result(*result).find("cannot reach"), std::string::npos);
}

TEST(Sensitivity, AlreadyGoodEnoughKeepsEverythingQuantized) {
  const CalibratedModel model = calibrated_mlp();
  auto result = quantizer::auto_fallback(model, mlp_data(2, 300), /*target_db=*/-10);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_TRUE(result->reached);
  EXPECT_TRUE(result->float_nodes.empty());
}

TEST(Sensitivity, IdenticalGraphsHaveInfiniteSqnrAndEmptyDataIsAnError) {
  const ir::Graph graph = build_mlp();
  const ir::Graph copy = graph.clone();
  auto same = quantizer::output_sqnr_db(graph, copy, mlp_data(2, 5), 0);
  ASSERT_TRUE(same.ok()) << same.status().to_string();
  EXPECT_EQ(*same, std::numeric_limits<double>::infinity());
  auto empty = quantizer::output_sqnr_db(graph, copy, InMemoryBatchSource(), 0);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("evaluation data is empty"), std::string::npos);
}

}  // namespace
}  // namespace edgeq::testing
