#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "importer/onnx/onnx_exporter.h"
#include "importer/onnx/onnx_importer.h"
#include "importer/onnx/tensor_export.h"
#include "ir/shape_inference.h"
#include "onnx/onnx_pb.h"
#include "tests/importer/onnx_test_model.h"
#include "tests/ir/graph_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::importer {
namespace {

using ::edgeq::testing::add_constant;
using ::edgeq::testing::add_int_attr;
using ::edgeq::testing::add_ints_attr;
using ::edgeq::testing::constant_values;
using ::edgeq::testing::evaluate_graph;
using ::edgeq::testing::OnnxTestModel;
using ::edgeq::testing::random_floats;

Result<ir::Graph> import_bytes(const std::string& bytes) {
  return import_onnx_bytes(bytes.data(), bytes.size());
}

Result<ir::Graph> round_trip(const ir::Graph& graph) {
  EDGEQ_ASSIGN_OR_RETURN(std::string bytes, export_onnx(graph));
  return import_bytes(bytes);
}

onnx::ModelProto exported_proto(const ir::Graph& graph) {
  onnx::ModelProto model;
  Result<std::string> bytes = export_onnx(graph);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (bytes.ok()) {
    EXPECT_TRUE(model.ParseFromString(*bytes));
  }
  return model;
}

std::vector<const onnx::NodeProto*> nodes_of_type(const onnx::ModelProto& model,
                                                  const std::string& op_type) {
  std::vector<const onnx::NodeProto*> found;
  for (const onnx::NodeProto& node : model.graph().node()) {
    if (node.op_type() == op_type) found.push_back(&node);
  }
  return found;
}

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name) {
  for (const onnx::AttributeProto& attr : node.attribute()) {
    if (attr.name() == name) return &attr;
  }
  return nullptr;
}

// Runs both graphs on the same random inputs; the outputs must be bit-identical.
void expect_same_outputs(const ir::Graph& expected, const ir::Graph& actual, uint32_t seed = 5) {
  std::map<std::string, std::vector<float>> feeds;
  for (const ir::Value* input : expected.inputs()) {
    feeds[input->name()] = random_floats(input->shape().numel(), seed++);
  }
  auto want = evaluate_graph(expected, feeds);
  auto got = evaluate_graph(actual, feeds);
  ASSERT_TRUE(want.ok()) << want.status().to_string();
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  ASSERT_EQ(want->size(), got->size());
  for (const auto& [name, values] : *want) {
    ASSERT_EQ(got->count(name), 1u) << "output " << name << " is missing";
    EXPECT_EQ(got->at(name), values) << "output " << name;
  }
}

Result<ir::Graph> import_repo_model(const std::string& relative_path) {
  return import_onnx_file(std::string(EDGEQ_SOURCE_DIR) + "/" + relative_path);
}

TEST(OnnxExportTest, CommittedModelsRoundTripBitExactly) {
  for (const char* path : {"examples/models/demo_cnn.onnx", "examples/models/fashion_cnn.onnx"}) {
    SCOPED_TRACE(path);
    auto graph = import_repo_model(path);
    ASSERT_TRUE(graph.ok()) << graph.status().to_string();
    auto again = round_trip(*graph);
    ASSERT_TRUE(again.ok()) << again.status().to_string();
    EXPECT_EQ(again->num_nodes(), graph->num_nodes());
    expect_same_outputs(*graph, *again);
  }
}

TEST(OnnxExportTest, KeepsTheSymbolicBatchAndChoosesOpset13ForFloatGraphs) {
  auto graph = import_bytes(testing::small_cnn(/*symbolic_batch=*/true).serialize());
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  onnx::ModelProto model = exported_proto(*graph);
  ASSERT_EQ(model.opset_import_size(), 1);
  EXPECT_EQ(model.opset_import(0).version(), 13);
  EXPECT_EQ(model.ir_version(), 7);
  const auto& x = model.graph().input(0).type().tensor_type();
  EXPECT_EQ(x.elem_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(x.shape().dim(0).dim_param(), "batch");
  EXPECT_EQ(x.shape().dim(1).dim_value(), 3);
  EXPECT_EQ(model.graph().output(0).type().tensor_type().shape().dim(0).dim_param(), "batch");
}

TEST(OnnxExportTest, CastToIsAnOnnxElementTypeAgain) {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape({4}));
  graph.add_input(x);
  Attributes attrs;
  attrs.set("to", std::string("f16"));
  ir::Value* y = graph.add_value("y");
  graph.add_node(OpType::kCast, "cast", {x}, {y}, attrs);
  graph.add_output(y);
  ASSERT_TRUE(ir::infer_shapes(graph).ok());

  onnx::ModelProto model = exported_proto(graph);
  const onnx::AttributeProto* to = attribute(*nodes_of_type(model, "Cast").at(0), "to");
  ASSERT_NE(to, nullptr);
  EXPECT_EQ(to->type(), onnx::AttributeProto::INT);
  EXPECT_EQ(to->i(), onnx::TensorProto::FLOAT16);
  auto again = round_trip(graph);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(again->find_node("cast")->attrs(), graph.find_node("cast")->attrs());
}

TEST(OnnxExportTest, ConstantOfShapeValueIsATensorAttributeAgain) {
  ir::Graph graph;
  ir::Value* shape = graph.add_value("shape", DType::kI64, Shape({2}));
  graph.add_input(shape);
  Attributes attrs;
  attrs.set("dtype", std::string("i32"));
  attrs.set("value", int64_t{-7});
  ir::Value* y = graph.add_value("y", DType::kI32, Shape({2, 3}));
  graph.add_node(OpType::kConstantOfShape, "fill", {shape}, {y}, attrs);
  graph.add_output(y);

  onnx::ModelProto model = exported_proto(graph);
  const onnx::NodeProto& fill = *nodes_of_type(model, "ConstantOfShape").at(0);
  ASSERT_EQ(fill.attribute_size(), 1);
  const onnx::AttributeProto& value = fill.attribute(0);
  EXPECT_EQ(value.name(), "value");
  EXPECT_EQ(value.t().data_type(), onnx::TensorProto::INT32);
  ASSERT_EQ(value.t().raw_data().size(), 4u);
  int32_t stored;
  std::memcpy(&stored, value.t().raw_data().data(), 4);
  EXPECT_EQ(stored, -7);
}

// Softmax of an opset-11 model on axis 1 of a rank-3 tensor flattens to 2-D (coerce_2d); opset 13
// has no such mode, so the export spells it out and the result must not change.
TEST(OnnxExportTest, Opset11SoftmaxOnAnInnerAxisKeepsItsMeaning) {
  for (int64_t axis : {1, -1}) {
    SCOPED_TRACE(axis);
    OnnxTestModel m(/*opset=*/11);
    m.add_input("x", {2, 3, 4});
    add_int_attr(m.add_node("Softmax", {"x"}, {"y"}, "softmax"), "axis", axis);
    m.add_output("y");
    auto graph = import_bytes(m.serialize());
    ASSERT_TRUE(graph.ok()) << graph.status().to_string();
    onnx::ModelProto model = exported_proto(*graph);
    EXPECT_EQ(nodes_of_type(model, "Reshape").size(), axis == 1 ? 1u : 0u);
    for (const onnx::NodeProto* softmax : nodes_of_type(model, "Softmax")) {
      EXPECT_EQ(attribute(*softmax, "coerce_2d"), nullptr);
    }
    auto again = round_trip(*graph);
    ASSERT_TRUE(again.ok()) << again.status().to_string();
    expect_same_outputs(*graph, *again);
  }
}

TEST(OnnxExportTest, AxesMoveBetweenAttributeAndInputAsTheOpsetWants) {
  // Squeeze (opset 11: attribute) must become an input at 13; ReduceMean (opset 18: input) an
  // attribute at 13.
  OnnxTestModel m(/*opset=*/18);
  m.add_input("x", {2, 1, 3});
  m.add_int64_initializer("mean_axes", {1}, {1});
  m.add_node("ReduceMean", {"x", "mean_axes"}, {"m"}, "mean");
  m.add_node("Relu", {"m"}, {"y"}, "relu");
  m.add_output("y");
  auto graph = import_bytes(m.serialize());
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  onnx::ModelProto model = exported_proto(*graph);
  EXPECT_EQ(model.opset_import(0).version(), 13);
  const onnx::NodeProto& mean = *nodes_of_type(model, "ReduceMean").at(0);
  EXPECT_EQ(mean.input_size(), 1);
  ASSERT_NE(attribute(mean, "axes"), nullptr);
  EXPECT_EQ(attribute(mean, "axes")->ints(0), 1);
  auto again = round_trip(*graph);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  expect_same_outputs(*graph, *again);

  OnnxTestModel old(/*opset=*/11);
  old.add_input("x", {2, 1, 3});
  add_ints_attr(old.add_node("Squeeze", {"x"}, {"y"}, "squeeze"), "axes", {1});
  old.add_output("y");
  auto squeeze_graph = import_bytes(old.serialize());
  ASSERT_TRUE(squeeze_graph.ok()) << squeeze_graph.status().to_string();
  onnx::ModelProto squeeze_model = exported_proto(*squeeze_graph);
  const onnx::NodeProto& squeeze = *nodes_of_type(squeeze_model, "Squeeze").at(0);
  EXPECT_EQ(squeeze.input_size(), 2);
  EXPECT_EQ(attribute(squeeze, "axes"), nullptr);
  auto squeeze_again = round_trip(*squeeze_graph);
  ASSERT_TRUE(squeeze_again.ok()) << squeeze_again.status().to_string();
  expect_same_outputs(*squeeze_graph, *squeeze_again);
}

// x -> Q(u8) -> DQ -> Conv(DQ(int8 per-channel weights), DQ(int32 bias)): the QDQ form the
// quantizer's convert writes.
ir::Graph qdq_conv_graph() {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape({1, 2, 4, 4}));
  graph.add_input(x);
  ir::Value* x_scale = add_constant<float>(graph, "x_scale", Shape(), {0.02f});
  ir::Value* x_zp = add_constant<uint8_t>(graph, "x_zp", Shape(), {128});
  ir::Value* xq = graph.add_value("x_quantized");
  graph.add_node(OpType::kQuantizeLinear, "x_q", {x, x_scale, x_zp}, {xq});
  ir::Value* xd = graph.add_value("x_dq");
  graph.add_node(OpType::kDequantizeLinear, "x_dq", {xq, x_scale, x_zp}, {xd});
  ir::Value* w =
      add_constant<int8_t>(graph, "w_q", Shape({3, 2, 1, 1}), {-127, 5, 64, -3, 100, 127});
  ir::Value* w_scale = add_constant<float>(graph, "w_scale", Shape({3}), {0.01f, 0.002f, 0.05f});
  ir::Value* w_zp = add_constant<int8_t>(graph, "w_zp", Shape({3}), {0, 0, 0});
  Attributes axis0;
  axis0.set("axis", int64_t{0});
  ir::Value* wd = graph.add_value("w");
  graph.add_node(OpType::kDequantizeLinear, "w_dq", {w, w_scale, w_zp}, {wd}, axis0);
  ir::Value* b = add_constant<int32_t>(graph, "b_q", Shape({3}), {100, -2000, 7});
  ir::Value* b_scale =
      add_constant<float>(graph, "b_scale", Shape({3}), {0.0002f, 0.00004f, 0.001f});
  ir::Value* bd = graph.add_value("b");
  graph.add_node(OpType::kDequantizeLinear, "b_dq", {b, b_scale}, {bd}, axis0);
  ir::Value* y = graph.add_value("y");
  graph.add_node(OpType::kConv, "conv", {xd, wd, bd}, {y});
  graph.add_output(y);
  EXPECT_TRUE(ir::infer_shapes(graph).ok());
  return graph;
}

TEST(OnnxExportTest, QdqGraphKeepsItsQuantizationParameters) {
  ir::Graph graph = qdq_conv_graph();
  onnx::ModelProto model = exported_proto(graph);
  EXPECT_EQ(model.opset_import(0).version(), 13);
  EXPECT_EQ(nodes_of_type(model, "DequantizeLinear").size(), 3u);
  ImportOptions keep;
  keep.run_passes = false;  // constant folding would fold the weights' DequantizeLinear
  std::string bytes = export_onnx(graph).value();
  auto again = import_onnx_bytes(bytes.data(), bytes.size(), keep);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(constant_values<float>(again->find_value("w_scale")),
            constant_values<float>(graph.find_value("w_scale")));
  EXPECT_EQ(constant_values<int8_t>(again->find_value("w_q")),
            constant_values<int8_t>(graph.find_value("w_q")));
  EXPECT_EQ(constant_values<uint8_t>(again->find_value("x_zp")), std::vector<uint8_t>{128});
  EXPECT_EQ(again->find_value("x_quantized")->dtype(), DType::kU8);
  EXPECT_EQ(again->find_node("w_dq")->attrs().get_int("axis", 1).value(), 0);
  expect_same_outputs(graph, *again);
}

TEST(OnnxExportTest, Int4BlockQuantizedWeightsNeedOpset21) {
  ir::Graph graph;
  ir::Value* x = graph.add_value("x", DType::kF32, Shape({1, 4}));
  graph.add_input(x);
  std::vector<uint8_t> packed = {0x21, 0x8F, 0x70, 0x0A};  // 8 int4 values, [2, 4]
  ir::Value* w = graph.add_constant("w_q", DType::kI4, Shape({2, 4}),
                                    ir::ConstantData::copy_of(packed.data(), packed.size()));
  ir::Value* w_scale =
      add_constant<float>(graph, "w_scale", Shape({2, 2}), {0.1f, 0.2f, 0.3f, 0.4f});
  Attributes blocked;
  blocked.set("axis", int64_t{1});
  blocked.set("block_size", int64_t{2});
  ir::Value* wd = graph.add_value("w");
  graph.add_node(OpType::kDequantizeLinear, "w_dq", {w, w_scale}, {wd}, blocked);
  ir::Value* y = graph.add_value("y");
  Attributes trans_b;
  trans_b.set("transB", int64_t{1});
  graph.add_node(OpType::kGemm, "fc", {x, wd}, {y}, trans_b);
  graph.add_output(y);
  ASSERT_TRUE(ir::infer_shapes(graph).ok());

  EXPECT_EQ(required_opset(graph), 21);
  onnx::ModelProto model = exported_proto(graph);
  EXPECT_EQ(model.opset_import(0).version(), 21);
  EXPECT_EQ(model.ir_version(), 10);
  const onnx::TensorProto* stored = nullptr;
  for (const onnx::TensorProto& t : model.graph().initializer()) {
    if (t.name() == "w_q") stored = &t;
  }
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->data_type(), kOnnxInt4);
  EXPECT_EQ(stored->raw_data(), std::string(packed.begin(), packed.end()));
  const onnx::NodeProto& dq = *nodes_of_type(model, "DequantizeLinear").at(0);
  ASSERT_NE(attribute(dq, "block_size"), nullptr);
  EXPECT_EQ(attribute(dq, "block_size")->i(), 2);

  ExportOptions too_old;
  too_old.opset = 13;
  Result<std::string> refused = export_onnx(graph, too_old);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("needs ONNX opset 21"), std::string::npos)
      << refused.status().to_string();
}

TEST(OnnxExportTest, UnusedConstantsAreNotWritten) {
  ir::Graph graph = qdq_conv_graph();
  add_constant<float>(graph, "orphan", Shape({2}), {1.0f, 2.0f});
  onnx::ModelProto model = exported_proto(graph);
  for (const onnx::TensorProto& t : model.graph().initializer()) EXPECT_NE(t.name(), "orphan");
}

}  // namespace
}  // namespace edgeq::importer
