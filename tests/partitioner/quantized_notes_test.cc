// The "quantized:<node>" notes and the summary `edgeq inspect --why` prints from them: every node
// on quantized integer tensors is recorded with its dtype, delegated or not, and the summary counts
// the portable ones and how many of those are int16.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "partitioner/lower_to_program.h"
#include "partitioner/partition_notes.h"
#include "tests/partitioner/fake_delegate.h"

namespace edgeq::partitioner {
namespace {

using testing::FakeDelegate;

template <typename T>
ir::Value* scalar(ir::Graph& graph, const std::string& name, DType dtype, T v) {
  return graph.add_constant(name, dtype, Shape{}, ir::ConstantData::copy_of(&v, sizeof(T)));
}

// x -> Q(int8) -> DQ -> Relu -> Q(int16) -> DQ -> y, every value [2, 3].
ir::Graph int8_then_int16_graph() {
  ir::Graph graph;
  const Shape shape{2, 3};
  ir::Value* x = graph.add_value("x", DType::kF32, shape);
  graph.add_input(x);
  ir::Value* q8 = graph.add_value("q8", DType::kI8, shape);
  ir::Value* d8 = graph.add_value("d8", DType::kF32, shape);
  ir::Value* r = graph.add_value("r", DType::kF32, shape);
  ir::Value* q16 = graph.add_value("q16", DType::kI16, shape);
  ir::Value* y = graph.add_value("y", DType::kF32, shape);
  ir::Value* s8 = scalar(graph, "s8", DType::kF32, 0.05f);
  ir::Value* z8 = scalar(graph, "z8", DType::kI8, int8_t{0});
  ir::Value* s16 = scalar(graph, "s16", DType::kF32, 1.f / 4096);
  ir::Value* z16 = scalar(graph, "z16", DType::kI16, int16_t{0});
  graph.add_node(OpType::kQuantizeLinear, "quant8", {x, s8, z8}, {q8});
  graph.add_node(OpType::kDequantizeLinear, "dequant8", {q8, s8, z8}, {d8});
  graph.add_node(OpType::kRelu, "relu", {d8}, {r});
  graph.add_node(OpType::kQuantizeLinear, "quant16", {r, s16, z16}, {q16});
  graph.add_node(OpType::kDequantizeLinear, "dequant16", {q16, s16, z16}, {y});
  graph.add_output(y);
  return graph;
}

TEST(QuantizedNotes, RecordDtypesAndSummariseDelegatedAndPortable) {
  const ir::Graph graph = int8_then_int16_graph();
  EXPECT_EQ(quantized_note(*graph.find_node("quant8")), "i8");
  EXPECT_EQ(quantized_note(*graph.find_node("dequant16")), "i16");
  EXPECT_EQ(quantized_note(*graph.find_node("relu")), "");

  // Takes the 8-bit Q/DQ and the Relu; int16 is refused, as XNNPACK refuses it.
  FakeDelegate delegate([](const ir::Node& node) { return quantized_note(node) != "i16"; }, "fake");
  LoweringOptions options;
  options.delegates = {&delegate};
  Result<std::vector<uint8_t>> bytes = lower_to_program(graph, options);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto program = runtime::Program::load_buffer(*bytes, "quantized.eqp");
  ASSERT_TRUE(program.ok()) << program.status().to_string();
  Result<PartitionNotes> notes = read_partition_notes(**program);
  ASSERT_TRUE(notes.ok()) << notes.status().to_string();
  const std::map<std::string, std::string> expected = {
      {"quant8", "i8"}, {"dequant8", "i8"}, {"quant16", "i16"}, {"dequant16", "i16"}};
  EXPECT_EQ(notes->quantized, expected);
  EXPECT_EQ(quantized_summary(*notes), "2 quantized nodes on fake, 2 portable (int16: 2)");
}

TEST(QuantizedNotes, FloatProgramHasNoQuantizedSummary) {
  PartitionNotes notes;
  notes.present = true;
  notes.backends = {"xnnpack"};
  notes.portable = {{"t", "Tanh", "why"}};
  EXPECT_EQ(quantized_summary(notes), "");
  notes.quantized = {{"t", "u8"}, {"c", "i8"}};
  EXPECT_EQ(quantized_summary(notes), "1 quantized node on xnnpack, 1 portable (int16: 0)");
}

}  // namespace
}  // namespace edgeq::partitioner
