// GraphRunner against the program + Method path (the same portable kernels, so bit-exact), its
// memory policy, symbolic batches and feed errors.
#include "ir/graph_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "ir/shape_inference.h"
#include "partitioner/lower_to_program.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tests/ir/graph_test_util.h"

namespace edgeq::ir {
namespace {

using ::edgeq::testing::add_constant;
using ::testing::HasSubstr;

std::vector<float> random_values(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float& v : values) v = dist(rng);
  return values;
}

// y = softmax(relu(x @ w + b)), x f32[batch, 4] with a symbolic batch; `unused` = sigmoid(x) is
// a graph output nobody reads.
Graph make_graph() {
  Graph graph;
  Value* x = graph.add_value("x", DType::kF32, Shape({2, 4}));
  x->set_symbolic_batch(true);
  graph.add_input(x);
  Value* w = add_constant(graph, "w", Shape({4, 3}), random_values(12, 1));
  Value* b = add_constant(graph, "b", Shape({3}), random_values(3, 2));
  Value* mm = graph.add_value("mm");
  Value* sum = graph.add_value("sum");
  Value* relu = graph.add_value("relu");
  Value* y = graph.add_value("y");
  Value* side = graph.add_value("side");
  graph.add_node(OpType::kMatMul, "matmul", {x, w}, {mm});
  graph.add_node(OpType::kAdd, "add", {mm, b}, {sum});
  graph.add_node(OpType::kRelu, "relu", {sum}, {relu});
  graph.add_node(OpType::kSoftmax, "softmax", {relu}, {y});
  graph.add_node(OpType::kSigmoid, "sigmoid", {x}, {side});
  graph.add_output(y);
  graph.add_output(side);
  EXPECT_TRUE(infer_shapes(graph).ok());
  return graph;
}

TensorView view_of(const std::vector<float>& data, const Shape& shape) {
  return TensorView(DType::kF32, shape, static_cast<const void*>(data.data()));
}

std::vector<float> floats(const TensorView& view) {
  const float* p = view.data_as<const float>();
  return p == nullptr ? std::vector<float>() : std::vector<float>(p, p + view.numel());
}

TEST(GraphRunner, MatchesTheProgramAndMethodPathValueByValue) {
  const Graph graph = make_graph();
  Result<std::vector<uint8_t>> bytes = partitioner::lower_to_program(graph);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto program = runtime::Program::load_buffer(*bytes, "graph");
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  runtime::MethodOptions options;
  options.keep_intermediate_values = true;
  auto method = runtime::Method::create(*program, options);
  ASSERT_TRUE(method.ok()) << method.status().to_string();

  auto runner = GraphRunner::create(graph);
  ASSERT_TRUE(runner.ok()) << runner.status().to_string();
  for (int64_t batch : {2, 5}) {
    SCOPED_TRACE(batch);
    const Shape shape({batch, 4});
    const std::vector<float> x = random_values(static_cast<size_t>(batch) * 4, 3);
    ASSERT_TRUE((*method)->set_input(0, view_of(x, shape)).ok());
    ASSERT_TRUE((*method)->execute().ok());

    std::vector<std::string> seen;
    Status ran = (*runner)->run(
        {{"x", view_of(x, shape)}}, [&](const std::string& name, const TensorView& tensor) {
          seen.push_back(name);
          EXPECT_EQ(floats(tensor), floats((*method)->value_by_name(name))) << name;
          return Status::Ok();
        });
    ASSERT_TRUE(ran.ok()) << ran.to_string();
    EXPECT_EQ(seen, (std::vector<std::string>{"x", "mm", "sum", "relu", "y", "side"}));
    const std::vector<TensorView> outputs = (*runner)->outputs();
    ASSERT_EQ(outputs.size(), 2u);
    EXPECT_EQ(outputs[0].shape, Shape({batch, 3}));
    EXPECT_EQ(floats(outputs[0]), floats((*method)->output(0)));
    EXPECT_EQ(floats(outputs[1]), floats((*method)->output(1)));
  }
}

TEST(GraphRunner, FreesDeadValuesUnlessAskedToKeepThem) {
  const Graph graph = make_graph();
  const std::vector<float> x = random_values(8, 4);
  auto freeing = GraphRunner::create(graph);
  ASSERT_TRUE(freeing.ok());
  ASSERT_TRUE((*freeing)->run({{"x", view_of(x, Shape({2, 4}))}}).ok());
  EXPECT_FALSE((*freeing)->value("mm").present());
  EXPECT_FALSE((*freeing)->value("x").present());
  EXPECT_TRUE((*freeing)->value("y").present());
  EXPECT_TRUE((*freeing)->value("w").present());  // constants are always readable
  EXPECT_FALSE((*freeing)->value("no_such_value").present());

  GraphRunOptions keep;
  keep.keep_all_values = true;
  auto keeping = GraphRunner::create(graph, keep);
  ASSERT_TRUE(keeping.ok());
  ASSERT_TRUE((*keeping)->run({{"x", view_of(x, Shape({2, 4}))}}).ok());
  EXPECT_EQ(floats((*keeping)->value("x")), x);
  const std::vector<float> relu = floats((*keeping)->value("relu"));
  const std::vector<float> sum = floats((*keeping)->value("sum"));
  ASSERT_EQ(relu.size(), 6u);
  for (size_t i = 0; i < relu.size(); ++i) EXPECT_EQ(relu[i], std::max(sum[i], 0.0f));
}

TEST(GraphRunner, FeedErrorsNameTheInput) {
  const Graph graph = make_graph();
  auto runner = GraphRunner::create(graph);
  ASSERT_TRUE(runner.ok());
  Status missing = (*runner)->run({});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr("graph input 'x'"));
  EXPECT_THAT(missing.message(), HasSubstr("no feed"));

  const std::vector<float> x(12, 0.0f);
  Status unknown =
      (*runner)->run({{"x", view_of(x, Shape({3, 4}))}, {"z", view_of(x, Shape({12}))}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.message(), HasSubstr("feed 'z' names no graph input (inputs: x)"));

  Status shape = (*runner)->run({{"x", view_of(x, Shape({4, 3}))}});
  ASSERT_FALSE(shape.ok());
  EXPECT_THAT(shape.message(), HasSubstr("feed 'x': f32[4, 3]"));
  EXPECT_THAT(shape.message(), HasSubstr("dim 0 may vary"));

  const std::vector<int32_t> ints(8, 0);
  Status dtype = (*runner)->run(
      {{"x", TensorView(DType::kI32, Shape({2, 4}), static_cast<const void*>(ints.data()))}});
  ASSERT_FALSE(dtype.ok());
  EXPECT_THAT(dtype.message(), HasSubstr("i32"));
}

TEST(GraphRunner, CallbackErrorsStopTheRun) {
  const Graph graph = make_graph();
  const std::vector<float> x(8, 0.5f);
  int calls = 0;
  auto outputs = run_graph(
      graph, {{"x", view_of(x, Shape({2, 4}))}}, [&](const std::string& name, const TensorView&) {
        ++calls;
        return name == "sum" ? invalid_argument("stop at ", name) : Status::Ok();
      });
  ASSERT_FALSE(outputs.ok());
  EXPECT_THAT(outputs.status().message(), HasSubstr("stop at sum"));
  EXPECT_EQ(calls, 3);
}

TEST(GraphRunner, RunGraphCopiesTheOutputs) {
  const Graph graph = make_graph();
  const std::vector<float> x(4, 0.0f);
  auto outputs = run_graph(graph, {{"x", view_of(x, Shape({1, 4}))}});
  ASSERT_TRUE(outputs.ok()) << outputs.status().to_string();
  const std::vector<float> side = floats(outputs->at("side").view);
  EXPECT_EQ(side, std::vector<float>(4, 0.5f));  // sigmoid(0)
  const std::vector<float> y = floats(outputs->at("y").view);
  ASSERT_EQ(y.size(), 3u);
  EXPECT_NEAR(y[0] + y[1] + y[2], 1.0f, 1e-6f);
}

}  // namespace
}  // namespace edgeq::ir
