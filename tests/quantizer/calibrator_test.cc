// Calibration: observers see every batch's values; errors name the batch and the value.
#include "quantizer/calibrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>

#include "importer/onnx/onnx_importer.h"
#include "ir/shape_inference.h"

namespace edgeq::quantizer {
namespace {

using ::testing::HasSubstr;

// y = relu(x * w) with x f32[2, 3] and a constant w f32[3].
ir::Graph make_graph() {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape({2, 3}));
  graph.add_input(x);
  const std::vector<float> w = {1.0f, -2.0f, 0.5f};
  ir::Value* weight = graph.add_constant("w", DType::kF32, Shape({3}),
                                         ir::ConstantData::copy_of(w.data(), sizeof(float) * 3));
  ir::Value* product = graph.add_value("product");
  ir::Value* y = graph.add_value("y");
  graph.add_node(OpType::kMul, "mul", {x, weight}, {product});
  graph.add_node(OpType::kRelu, "relu", {product}, {y});
  graph.add_output(y);
  EXPECT_TRUE(ir::infer_shapes(graph).ok());
  return graph;
}

BatchTensor tensor(const std::string& name, const std::vector<float>& values) {
  const TensorView view(DType::kF32, Shape({2, 3}), static_cast<const void*>(values.data()));
  return BatchTensor::copy_of(name, view);
}

Batch batch_of(const std::string& name, const std::vector<float>& values) {
  Batch batch;
  batch.push_back(tensor(name, values));
  return batch;
}

std::unique_ptr<Observer> min_max(const std::string& name) {
  ObserverOptions options;
  options.name = name;
  return std::move(make_observer(ObserverKind::kMinMax, options)).value();
}

std::pair<float, float> range_of(const Observer& observer) {
  return *observer.range(*make_range_spec(DType::kI8, false));
}

TEST(Calibrate, ObserversSeeEveryBatchAndConstantsOnce) {
  const ir::Graph graph = make_graph();
  InMemoryBatchSource source;
  source.add(batch_of("x", {1, 2, 3, -1, -2, -3}));
  source.add(batch_of("x", {4, 0, 0, 0, 0, -10}));
  source.add(batch_of("", {0, -1, 0, 0, 0, 0}));  // positional

  auto input = min_max("x");
  auto output = min_max("y");
  auto product = min_max("product");
  auto weight = min_max("w");
  ObserverMap observers = {{"x", {input.get()}},
                           {"y", {output.get()}},
                           {"product", {product.get()}},
                           {"w", {weight.get()}}};
  std::vector<std::pair<size_t, size_t>> progress;
  Status status = calibrate(graph, observers, source,
                            [&](size_t done, size_t total) { progress.emplace_back(done, total); });
  ASSERT_TRUE(status.ok()) << status.to_string();
  EXPECT_EQ(input->num_observed(), 3u);
  EXPECT_EQ(weight->num_observed(), 1u);
  EXPECT_EQ(range_of(*input), std::make_pair(-10.0f, 4.0f));
  // product = x * [1, -2, 0.5]: max 4 (batch 0: -2 * -2; batch 1: 4 * 1), min -5 (-10 * 0.5).
  EXPECT_EQ(range_of(*product), std::make_pair(-5.0f, 4.0f));
  EXPECT_EQ(range_of(*output), std::make_pair(0.0f, 4.0f));
  EXPECT_EQ(range_of(*weight), std::make_pair(-2.0f, 1.0f));
  EXPECT_EQ(progress, (std::vector<std::pair<size_t, size_t>>{{0, 3}, {1, 3}, {2, 3}, {3, 3}}));
}

TEST(Calibrate, NanInABatchNamesTheBatchAndTheValue) {
  const ir::Graph graph = make_graph();
  InMemoryBatchSource source;
  source.add(batch_of("x", {1, 2, 3, 4, 5, 6}));
  source.add(batch_of("x", {1, 2, std::numeric_limits<float>::quiet_NaN(), 4, 5, 6}));
  auto input = min_max("x");
  Status status = calibrate(graph, {{"x", {input.get()}}}, source);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("calibration batch 1"));
  EXPECT_THAT(status.message(), HasSubstr("value 'x'"));
  EXPECT_THAT(status.message(), HasSubstr("element 2"));
}

class FailingSource : public BatchSource {
 public:
  size_t num_batches() const override { return 2; }
  Result<Batch> batch(size_t index) const override {
    if (index == 1) return invalid_argument("images/broken.png: not a PNG file");
    return batch_of("x", {1, 2, 3, 4, 5, 6});
  }
};

TEST(Calibrate, SourceAndShapeErrorsNameTheBatch) {
  const ir::Graph graph = make_graph();
  auto input = min_max("x");
  Status failed = calibrate(graph, {{"x", {input.get()}}}, FailingSource());
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr("calibration batch 1"));
  EXPECT_THAT(failed.message(), HasSubstr("broken.png"));

  InMemoryBatchSource wrong_shape;
  Batch batch;
  batch.push_back(BatchTensor::allocate("x", DType::kF32, Shape({3, 3})));
  wrong_shape.add(std::move(batch));
  Status shape_error = calibrate(graph, {}, wrong_shape);
  ASSERT_FALSE(shape_error.ok());
  EXPECT_THAT(shape_error.message(), HasSubstr("calibration batch 0"));
  EXPECT_THAT(shape_error.message(), HasSubstr("feed 'x'"));

  InMemoryBatchSource wrong_name;
  wrong_name.add(batch_of("input", {1, 2, 3, 4, 5, 6}));
  Status name_error = calibrate(graph, {}, wrong_name);
  ASSERT_FALSE(name_error.ok());
  EXPECT_THAT(name_error.message(), HasSubstr("'input'"));
}

TEST(Calibrate, RejectsUnknownValuesAndEmptySources) {
  const ir::Graph graph = make_graph();
  auto observer = min_max("nope");
  InMemoryBatchSource source;
  source.add(batch_of("x", {1, 2, 3, 4, 5, 6}));
  Status unknown = calibrate(graph, {{"nope", {observer.get()}}}, source);
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.message(), HasSubstr("'nope'"));
  Status empty = calibrate(graph, {}, InMemoryBatchSource());
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.message(), HasSubstr("no batches"));
}

// The demo CNN (conv, pools, linear): every f32 activation observed by a histogram observer,
// every constant by a per-channel one, over three random batches of two images.
TEST(Calibrate, EveryValueOfTheDemoCnn) {
  importer::ImportOptions import_options;
  import_options.batch_size = 2;
  Result<ir::Graph> graph = importer::import_onnx_file(
      std::string(EDGEQ_SOURCE_DIR) + "/examples/models/demo_cnn.onnx", import_options);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  ASSERT_EQ(graph->inputs().size(), 1u);
  const ir::Value* input = graph->inputs()[0];

  InMemoryBatchSource source;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  for (int b = 0; b < 3; ++b) {
    BatchTensor tensor = BatchTensor::allocate("", DType::kF32, input->shape());
    float* data = reinterpret_cast<float*>(tensor.data.data());
    for (int64_t i = 0; i < input->shape().numel(); ++i) data[i] = pixel(rng);
    Batch batch;
    batch.push_back(std::move(tensor));
    source.add(std::move(batch));
  }
  std::vector<std::unique_ptr<Observer>> owned;
  ObserverMap observers;
  for (const ir::Value* value : graph->values()) {
    if (value->dtype() != DType::kF32 ||
        (value->producer() == nullptr && !value->is_constant() && !graph->is_graph_input(value))) {
      continue;
    }
    ObserverOptions options;
    options.name = value->name();
    const ObserverKind kind = value->is_constant() && value->shape().rank() > 0
                                  ? ObserverKind::kPerChannelMinMax
                                  : ObserverKind::kHistogramMse;
    owned.push_back(std::move(make_observer(kind, options)).value());
    observers[value->name()].push_back(owned.back().get());
  }
  ASSERT_GT(owned.size(), 5u);
  Status status = calibrate(*graph, observers, source);
  ASSERT_TRUE(status.ok()) << status.to_string();
  for (const auto& [name, list] : observers) {
    const ir::Value* value = graph->find_value(name);
    EXPECT_EQ(list[0]->num_observed(), value->is_constant() ? 1u : 3u) << name;
    Result<QuantParams> params = list[0]->compute(*make_range_spec(DType::kI8, false));
    EXPECT_TRUE(params.ok()) << name << ": " << params.status().to_string();
  }
}

TEST(FeedsForBatch, MixedNamingAndCountsAreErrors) {
  const ir::Graph graph = make_graph();
  Batch mixed;
  mixed.push_back(tensor("x", {0, 0, 0, 0, 0, 0}));
  mixed.push_back(tensor("", {0, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(feeds_for_batch(graph, mixed).ok());
  Batch two_positional;
  two_positional.push_back(tensor("", {0, 0, 0, 0, 0, 0}));
  two_positional.push_back(tensor("", {0, 0, 0, 0, 0, 0}));
  Result<std::map<std::string, TensorView>> count = feeds_for_batch(graph, two_positional);
  ASSERT_FALSE(count.ok());
  EXPECT_THAT(count.status().message(), HasSubstr("2 tensors for 1 graph inputs"));
  Result<std::map<std::string, TensorView>> positional =
      feeds_for_batch(graph, batch_of("", {1, 2, 3, 4, 5, 6}));
  ASSERT_TRUE(positional.ok());
  EXPECT_EQ(positional->count("x"), 1u);
}

}  // namespace
}  // namespace edgeq::quantizer
