#include "partitioner/lower_to_program.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "importer/onnx/onnx_importer.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"

namespace edgeq::partitioner {
namespace {

using runtime::InstructionKind;
using runtime::Method;
using runtime::Program;

std::shared_ptr<const Program> load(const std::vector<uint8_t>& bytes) {
  Result<std::shared_ptr<const Program>> program = Program::load_buffer(bytes, "lowered");
  EXPECT_TRUE(program.ok()) << program.status().to_string();
  return program.ok() ? *program : nullptr;
}

// y = LeakyRelu(x + c, alpha 0.25), with the LeakyRelu node added before the Add node, so that
// insertion order is not a valid execution order.
struct AddLeakyReluGraph {
  ir::Graph graph;
  std::vector<float> bias = {1.0f, -2.0f, 0.5f, 0.0f};

  AddLeakyReluGraph() {
    ir::Value* x = graph.add_value("x", DType::kF32, Shape{1, 4});
    x->set_symbolic_batch(true);
    graph.add_input(x);
    ir::Value* c =
        graph.add_constant("c", DType::kF32, Shape{4}, ir::ConstantData::copy_of(bias.data(), 16));
    ir::Value* sum = graph.add_value("sum", DType::kF32, Shape{1, 4});
    sum->set_symbolic_batch(true);
    ir::Value* y = graph.add_value("y", DType::kF32, Shape{1, 4});
    y->set_symbolic_batch(true);
    Attributes attrs;
    attrs.set("alpha", 0.25f);
    graph.add_node(OpType::kLeakyRelu, "act", {sum}, {y}, attrs);
    graph.add_node(OpType::kAdd, "add", {x, c}, {sum});
    graph.add_output(y);
  }
};

TEST(LowerToProgram, WritesValuesConstantsAndKernelCallsInTopologicalOrder) {
  AddLeakyReluGraph model;
  Result<std::vector<uint8_t>> bytes = lower_to_program(model.graph);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  std::shared_ptr<const Program> program = load(*bytes);
  ASSERT_NE(program, nullptr);

  ASSERT_EQ(program->inputs().size(), 1u);
  const runtime::ProgramValue& x = program->values()[program->inputs()[0]];
  EXPECT_EQ(x.name, "x");
  EXPECT_EQ(x.dtype, DType::kF32);
  EXPECT_EQ(x.shape, (Shape{1, 4}));
  EXPECT_TRUE(x.symbolic_batch);

  ASSERT_EQ(program->instructions().size(), 2u);
  const runtime::ProgramInstruction& add = program->instructions()[0];
  const runtime::ProgramInstruction& act = program->instructions()[1];
  EXPECT_EQ(add.kind, InstructionKind::kKernelCall);
  EXPECT_EQ(add.op, OpType::kAdd);
  EXPECT_EQ(add.name, "add");
  EXPECT_EQ(act.op, OpType::kLeakyRelu);
  EXPECT_EQ(act.name, "act");
  EXPECT_EQ(act.attributes, model.graph.find_node("act")->attrs());
  EXPECT_EQ(act.inputs, add.outputs) << "the Add result feeds the LeakyRelu";
  EXPECT_FALSE(program->values()[act.inputs[0]].symbolic_batch)
      << "only program inputs carry the symbolic-batch flag";

  const runtime::ProgramValue& c = program->values()[add.inputs[1]];
  ASSERT_TRUE(c.is_constant());
  ASSERT_EQ(c.constant_data.size(), 16u);
  EXPECT_EQ(std::memcmp(c.constant_data.data(), model.bias.data(), 16), 0);

  ASSERT_EQ(program->outputs().size(), 1u);
  EXPECT_EQ(program->outputs()[0], act.outputs[0]);
  EXPECT_EQ(program->values()[program->outputs()[0]].name, "y");
}

TEST(LowerToProgram, LoweredProgramComputesTheGraph) {
  AddLeakyReluGraph model;
  Result<std::vector<uint8_t>> bytes = lower_to_program(model.graph);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  Result<std::unique_ptr<Method>> method = Method::create(load(*bytes));
  ASSERT_TRUE(method.ok()) << method.status().to_string();
  float x[8] = {-3.0f, 1.0f, 2.0f, -4.0f, 0.0f, 0.5f, -1.0f, 8.0f};  // batch 2
  ASSERT_TRUE((*method)->set_input(0, TensorView(DType::kF32, Shape{2, 4}, x)).ok());
  Status status = (*method)->execute();
  ASSERT_TRUE(status.ok()) << status.to_string();
  TensorView y = (*method)->output(0);
  ASSERT_EQ(y.shape, (Shape{2, 4}));
  for (int i = 0; i < 8; ++i) {
    float sum = x[i] + model.bias[i % 4];
    EXPECT_FLOAT_EQ(y.data_as<float>()[i], sum > 0 ? sum : 0.25f * sum) << i;
  }
}

// A folded constant and a passed-through input as graph outputs: each is copied into an output
// value of the same name by an Identity call, so the program computes every output.
TEST(LowerToProgram, ConstantAndInputOutputsAreCopiedByIdentityCalls) {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape{2});
  graph.add_input(x);
  int64_t shape_values[2] = {3, 5};
  ir::Value* folded = graph.add_constant("folded", DType::kI64, Shape{2},
                                         ir::ConstantData::copy_of(shape_values, 16));
  graph.add_output(folded);
  graph.add_output(x);
  Result<std::vector<uint8_t>> bytes = lower_to_program(graph);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  std::shared_ptr<const Program> program = load(*bytes);
  ASSERT_NE(program, nullptr);
  ASSERT_EQ(program->instructions().size(), 2u);
  Result<std::unique_ptr<Method>> method = Method::create(program);
  ASSERT_TRUE(method.ok()) << method.status().to_string();
  EXPECT_EQ((*method)->output_name(0), "folded");
  EXPECT_EQ((*method)->output_name(1), "x");
  float xs[2] = {1.5f, -2.0f};
  ASSERT_TRUE((*method)->set_input(0, TensorView(DType::kF32, Shape{2}, xs)).ok());
  Status status = (*method)->execute();
  ASSERT_TRUE(status.ok()) << status.to_string();
  EXPECT_EQ((*method)->output(0).data_as<int64_t>()[0], 3);
  EXPECT_EQ((*method)->output(0).data_as<int64_t>()[1], 5);
  EXPECT_EQ((*method)->output(1).data_as<float>()[1], -2.0f);
}

TEST(LowerToProgram, AbsentOptionalInputsBecomeMinusOne) {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape{3});
  graph.add_input(x);
  float six = 6.0f;
  ir::Value* max =
      graph.add_constant("max", DType::kF32, Shape{}, ir::ConstantData::copy_of(&six, 4));
  ir::Value* y = graph.add_value("y", DType::kF32, Shape{3});
  graph.add_node(OpType::kClip, "clip", {x, nullptr, max}, {y});
  graph.add_output(y);
  Result<std::vector<uint8_t>> bytes = lower_to_program(graph);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  std::shared_ptr<const Program> program = load(*bytes);
  ASSERT_NE(program, nullptr);
  ASSERT_EQ(program->instructions().size(), 1u);
  const std::vector<int32_t>& inputs = program->instructions()[0].inputs;
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[1], -1);
  EXPECT_EQ(program->values()[inputs[2]].name, "max");
}

TEST(LowerToProgram, UntypedValueIsAnErrorNamingIt) {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape{3});
  graph.add_input(x);
  ir::Value* y = graph.add_value("mystery");
  graph.add_node(OpType::kRelu, "relu", {x}, {y});
  graph.add_output(y);
  Result<std::vector<uint8_t>> bytes = lower_to_program(graph);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.status().message().find("mystery"), std::string::npos)
      << bytes.status().to_string();
}

// The numbers are compared with PyTorch's in the command-line tests (tests/tools/end_to_end).
TEST(LowerToProgram, DemoModelLowersAndRuns) {
  const std::string path = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/demo_cnn.onnx";
  Result<ir::Graph> graph = importer::import_onnx_file(path);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  Result<std::vector<uint8_t>> bytes = lower_to_program(*graph);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  std::shared_ptr<const Program> program = load(*bytes);
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->instructions().size(), graph->num_nodes());
  ASSERT_EQ(program->inputs().size(), 1u);
  EXPECT_TRUE(program->values()[program->inputs()[0]].symbolic_batch);

  Result<std::unique_ptr<Method>> method = Method::create(program);
  ASSERT_TRUE(method.ok()) << method.status().to_string();
  std::vector<float> image(3 * 32 * 32, 0.5f);
  ASSERT_TRUE(
      (*method)->set_input(0, TensorView(DType::kF32, Shape{1, 3, 32, 32}, image.data())).ok());
  Status status = (*method)->execute();
  ASSERT_TRUE(status.ok()) << status.to_string();
  TensorView logits = (*method)->output(0);
  ASSERT_EQ(logits.shape, (Shape{1, 10}));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(std::isfinite(logits.data_as<float>()[i])) << i;
}

}  // namespace
}  // namespace edgeq::partitioner
