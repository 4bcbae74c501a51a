#include "importer/onnx/onnx_importer.h"

#include <gtest/gtest.h>

#include "tests/importer/onnx_test_model.h"
#include "tests/ir/graph_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::importer {
namespace {

using ::edgeq::testing::add_float_attr;
using ::edgeq::testing::add_int_attr;
using ::edgeq::testing::add_ints_attr;
using ::edgeq::testing::constant_values;
using ::edgeq::testing::OnnxTestModel;

Result<ir::Graph> import(const OnnxTestModel& model, const ImportOptions& options = {}) {
  std::string bytes = model.serialize();
  return import_onnx_bytes(bytes.data(), bytes.size(), options);
}

void expect_error(const Result<ir::Graph>& result, StatusCode code, const std::string& needle) {
  ASSERT_FALSE(result.ok()) << "expected an error containing '" << needle << "'";
  EXPECT_EQ(result.status().code(), code) << result.status().to_string();
  EXPECT_NE(result.status().message().find(needle), std::string::npos)
      << result.status().to_string();
}

TEST(OnnxImporterTest, ImportsASmallCnnAndFoldsItsBatchNorm) {
  ImportOptions no_passes;
  no_passes.run_passes = false;
  auto raw = import(testing::small_cnn(), no_passes);
  ASSERT_TRUE(raw.ok()) << raw.status().to_string();
  EXPECT_EQ(raw->num_nodes(), 6u);
  EXPECT_EQ(raw->find_value("y")->shape(), Shape({1, 5}));
  EXPECT_NE(raw->find_node("bn"), nullptr);

  auto folded = import(testing::small_cnn());
  ASSERT_TRUE(folded.ok()) << folded.status().to_string();
  EXPECT_EQ(folded->num_nodes(), 5u);
  EXPECT_EQ(folded->find_node("bn"), nullptr);
  ASSERT_EQ(folded->outputs().size(), 1u);
  EXPECT_EQ(folded->outputs()[0]->name(), "y");

  std::map<std::string, std::vector<float>> inputs = {
      {"x", edgeq::testing::random_floats(3 * 8 * 8, 11)}};
  auto expected = edgeq::testing::evaluate_graph(*raw, inputs);
  auto actual = edgeq::testing::evaluate_graph(*folded, inputs);
  ASSERT_TRUE(expected.ok()) << expected.status().to_string();
  ASSERT_TRUE(actual.ok()) << actual.status().to_string();
  edgeq::testing::expect_near(actual->at("y"), expected->at("y"), 1e-5f, 1e-5f);
}

TEST(OnnxImporterTest, SymbolicBatchUsesTheRequestedSize) {
  ImportOptions options;
  options.batch_size = 4;
  auto graph = import(testing::small_cnn(/*symbolic_batch=*/true), options);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  const ir::Value* x = graph->inputs()[0];
  EXPECT_EQ(x->shape(), Shape({4, 3, 8, 8}));
  EXPECT_TRUE(x->has_symbolic_batch());
  EXPECT_EQ(graph->outputs()[0]->shape(), Shape({4, 5}));
  EXPECT_TRUE(graph->outputs()[0]->has_symbolic_batch());
}

TEST(OnnxImporterTest, OnlyTheBatchDimMayBeSymbolic) {
  OnnxTestModel m;
  m.add_input("x", {1, -1});
  m.add_node("Relu", {"x"}, {"y"});
  m.add_output("y");
  expect_error(import(m), StatusCode::kUnimplemented, "symbolic dim 1");
}

TEST(OnnxImporterTest, RejectsOpsetsOutsideElevenToEighteen) {
  for (int64_t opset : {10, 19}) {
    OnnxTestModel m(opset);
    m.add_input("x", {2});
    m.add_node("Relu", {"x"}, {"y"});
    m.add_output("y");
    expect_error(import(m), StatusCode::kUnimplemented, str_cat("opset ", opset));
  }
  for (int64_t opset : {11, 18}) {
    OnnxTestModel m(opset);
    m.add_input("x", {2});
    m.add_node("Relu", {"x"}, {"y"});
    m.add_output("y");
    EXPECT_TRUE(import(m).ok()) << "opset " << opset;
  }
}

TEST(OnnxImporterTest, ListsEveryUnsupportedOpWithItsNodes) {
  OnnxTestModel m;
  m.add_input("x", {4});
  m.add_node("TopK", {"x", "k"}, {"t3", "i3"}, "topk_3");
  m.add_node("NonMaxSuppression", {"x"}, {"n"}, "nms_1");
  m.add_node("Relu", {"x"}, {"r"}, "fine");
  m.add_node("TopK", {"x", "k"}, {"t7", "i7"}, "topk_7");
  m.add_node("Custom", {"x"}, {"c"}, "custom")->set_domain("com.example");
  m.add_output("r");
  expect_error(import(m), StatusCode::kUnimplemented,
               "unsupported ops: NonMaxSuppression (nms_1), TopK (topk_3, topk_7), "
               "com.example.Custom (custom)");
}

TEST(OnnxImporterTest, UnnamedNodesGetOpTypeAndIndex) {
  OnnxTestModel m;
  m.add_input("x", {2});
  m.add_node("Relu", {"x"}, {"a"});
  m.add_node("Neg", {"a"}, {"b"});
  m.add_output("b");
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  EXPECT_NE(graph->find_node("Relu_0"), nullptr);
  EXPECT_NE(graph->find_node("Neg_1"), nullptr);
}

TEST(OnnxImporterTest, GraphInputsThatAreInitializersBecomeConstants) {
  OnnxTestModel m;
  m.add_input("x", {2});
  m.add_input("bias", {2});
  m.add_initializer("bias", {2}, {1.f, 2.f});
  m.add_node("Add", {"x", "bias"}, {"y"});
  m.add_output("y");
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  ASSERT_EQ(graph->inputs().size(), 1u);
  EXPECT_EQ(graph->inputs()[0]->name(), "x");
  EXPECT_TRUE(graph->find_value("bias")->is_constant());
}

TEST(OnnxImporterTest, ConstantNodesOfEveryFormFold) {
  OnnxTestModel m;
  auto* t = m.add_node("Constant", {}, {"c_tensor"})->add_attribute();
  t->set_name("value");
  t->set_type(onnx::AttributeProto::TENSOR);
  OnnxTestModel::fill_tensor(t->mutable_t(), "", {2}, {1.f, 2.f});
  add_float_attr(m.add_node("Constant", {}, {"c_float"}), "value_float", 3.f);
  auto* floats = m.add_node("Constant", {}, {"c_floats"})->add_attribute();
  floats->set_name("value_floats");
  floats->set_type(onnx::AttributeProto::FLOATS);
  floats->add_floats(4.f);
  floats->add_floats(5.f);
  add_int_attr(m.add_node("Constant", {}, {"c_int"}), "value_int", 6);
  add_ints_attr(m.add_node("Constant", {}, {"c_ints"}), "value_ints", {7, 8});
  for (const char* name : {"c_tensor", "c_float", "c_floats", "c_int", "c_ints"}) {
    m.add_output(name);
  }
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  EXPECT_EQ(graph->num_nodes(), 0u);
  EXPECT_EQ(constant_values<float>(graph->find_value("c_tensor")), (std::vector<float>{1, 2}));
  EXPECT_EQ(graph->find_value("c_float")->shape(), Shape());
  EXPECT_EQ(constant_values<float>(graph->find_value("c_float")), (std::vector<float>{3}));
  EXPECT_EQ(constant_values<float>(graph->find_value("c_floats")), (std::vector<float>{4, 5}));
  EXPECT_EQ(constant_values<int64_t>(graph->find_value("c_int")), (std::vector<int64_t>{6}));
  EXPECT_EQ(constant_values<int64_t>(graph->find_value("c_ints")), (std::vector<int64_t>{7, 8}));
}

TEST(OnnxImporterTest, ConvertsTensorDtypesFromRawAndTypedData) {
  OnnxTestModel m;
  struct Case {
    const char* name;
    int onnx_type;
    DType dtype;
  };
  const Case cases[] = {{"i8", onnx::TensorProto::INT8, DType::kI8},
                        {"u8", onnx::TensorProto::UINT8, DType::kU8},
                        {"i16", onnx::TensorProto::INT16, DType::kI16},
                        {"i32", onnx::TensorProto::INT32, DType::kI32},
                        {"f16", onnx::TensorProto::FLOAT16, DType::kF16},
                        {"b", onnx::TensorProto::BOOL, DType::kBool}};
  for (const Case& c : cases) {
    onnx::TensorProto* typed = m.graph().add_initializer();
    typed->set_name(std::string(c.name) + "_typed");
    typed->set_data_type(c.onnx_type);
    typed->add_dims(2);
    typed->add_int32_data(1);
    typed->add_int32_data(c.dtype == DType::kBool ? 1 : -1);
    m.add_output(typed->name());
  }
  onnx::TensorProto* raw = m.graph().add_initializer();
  raw->set_name("i64_raw");
  raw->set_data_type(onnx::TensorProto::INT64);
  raw->add_dims(2);
  const int64_t raw_values[2] = {-5, 1ll << 40};
  raw->set_raw_data(std::string(reinterpret_cast<const char*>(raw_values), sizeof(raw_values)));
  m.add_output("i64_raw");
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  for (const Case& c : cases) {
    const ir::Value* v = graph->find_value(std::string(c.name) + "_typed");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->dtype(), c.dtype) << c.name;
    EXPECT_EQ(v->constant()->size(), 2 * dtype_size(c.dtype)) << c.name;
  }
  EXPECT_EQ(constant_values<int8_t>(graph->find_value("i8_typed")), (std::vector<int8_t>{1, -1}));
  EXPECT_EQ(constant_values<int16_t>(graph->find_value("i16_typed")),
            (std::vector<int16_t>{1, -1}));
  EXPECT_EQ(constant_values<int64_t>(graph->find_value("i64_raw")),
            (std::vector<int64_t>{-5, 1ll << 40}));
}

TEST(OnnxImporterTest, DoubleTensorIsUnimplementedNamingTensorAndType) {
  OnnxTestModel m;
  onnx::TensorProto* t = m.graph().add_initializer();
  t->set_name("weights64");
  t->set_data_type(onnx::TensorProto::DOUBLE);
  t->add_double_data(1.0);
  m.add_output("weights64");
  auto result = import(m);
  expect_error(result, StatusCode::kUnimplemented, "weights64");
  EXPECT_NE(result.status().message().find("DOUBLE"), std::string::npos);
}

TEST(OnnxImporterTest, RawDataOfTheWrongSizeIsDataLoss) {
  OnnxTestModel m;
  onnx::TensorProto* t = m.graph().add_initializer();
  t->set_name("short");
  t->set_data_type(onnx::TensorProto::FLOAT);
  t->add_dims(4);
  t->set_raw_data(std::string(12, '\0'));
  m.add_output("short");
  expect_error(import(m), StatusCode::kDataLoss, "'short'");
}

TEST(OnnxImporterTest, CastToBecomesADtypeName) {
  OnnxTestModel m;
  m.add_input("x", {3});
  add_int_attr(m.add_node("Cast", {"x"}, {"y"}, "cast"), "to", onnx::TensorProto::INT32);
  m.add_output("y");
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  auto to = graph->find_node("cast")->attrs().get_string("to", "");
  ASSERT_TRUE(to.ok());
  EXPECT_EQ(*to, "i32");
  EXPECT_EQ(graph->find_value("y")->dtype(), DType::kI32);

  OnnxTestModel bad;
  bad.add_input("x", {3});
  add_int_attr(bad.add_node("Cast", {"x"}, {"y"}, "to_string"), "to", onnx::TensorProto::STRING);
  bad.add_output("y");
  expect_error(import(bad), StatusCode::kUnimplemented, "to_string");
}

TEST(OnnxImporterTest, ConstantOfShapeValueBecomesDtypeAndValue) {
  OnnxTestModel m;
  m.add_input("x", {2});
  m.add_int64_initializer("shape", {2}, {2, 3});
  auto* attr = m.add_node("ConstantOfShape", {"shape"}, {"y"}, "fill")->add_attribute();
  attr->set_name("value");
  attr->set_type(onnx::AttributeProto::TENSOR);
  attr->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  attr->mutable_t()->add_dims(1);
  attr->mutable_t()->add_int64_data(7);
  m.add_output("y");
  ImportOptions no_passes;
  no_passes.run_passes = false;
  auto graph = import(m, no_passes);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  const Attributes& attrs = graph->find_node("fill")->attrs();
  EXPECT_EQ(*attrs.get_string("dtype", ""), "i64");
  EXPECT_EQ(*attrs.get_int("value", 0), 7);
  EXPECT_EQ(graph->find_value("y")->dtype(), DType::kI64);
  EXPECT_EQ(graph->find_value("y")->shape(), Shape({2, 3}));
}

TEST(OnnxImporterTest, TensorAttributeElsewhereIsRejectedNamingIt) {
  OnnxTestModel m;
  m.add_input("x", {2});
  auto* attr = m.add_node("Relu", {"x"}, {"y"}, "odd_relu")->add_attribute();
  attr->set_name("weird");
  attr->set_type(onnx::AttributeProto::TENSOR);
  m.add_output("y");
  auto result = import(m);
  expect_error(result, StatusCode::kUnimplemented, "odd_relu");
  EXPECT_NE(result.status().message().find("'weird'"), std::string::npos);
}

TEST(OnnxImporterTest, OldSoftmaxGetsCoerce2d) {
  for (int64_t opset : {11, 13}) {
    OnnxTestModel m(opset);
    m.add_input("x", {2, 3});
    m.add_node("Softmax", {"x"}, {"y"}, "softmax");
    m.add_output("y");
    ImportOptions no_passes;
    no_passes.run_passes = false;
    auto graph = import(m, no_passes);
    ASSERT_TRUE(graph.ok()) << graph.status().to_string();
    EXPECT_EQ(graph->find_node("softmax")->attrs().has("coerce_2d"), opset < 13) << opset;
  }
}

TEST(OnnxImporterTest, ShapeChainFoldsAwayAtImport) {
  OnnxTestModel m;
  m.add_input("x", {2, 3, 4});
  m.add_node("Shape", {"x"}, {"s"});
  add_int_attr(m.add_node("Gather", {"s", "zero"}, {"n"}), "axis", 0);
  m.add_int64_initializer("zero", {}, {0});
  m.add_int64_initializer("axes", {1}, {0});
  m.add_int64_initializer("minus_one", {1}, {-1});
  m.add_node("Unsqueeze", {"n", "axes"}, {"n1"});
  add_int_attr(m.add_node("Concat", {"n1", "minus_one"}, {"target"}), "axis", 0);
  m.add_node("Reshape", {"x", "target"}, {"y"}, "reshape");
  m.add_output("y");
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  ASSERT_EQ(graph->num_nodes(), 1u);
  EXPECT_EQ(graph->nodes()[0]->name(), "reshape");
  EXPECT_EQ(graph->outputs()[0]->shape(), Shape({2, 12}));
}

TEST(OnnxImporterTest, IdentityAndDropoutAreRemovedKeepingOutputNames) {
  OnnxTestModel m(12);
  m.add_input("x", {2});
  m.add_node("Relu", {"x"}, {"r"}, "relu");
  m.add_node("Dropout", {"r"}, {"d"}, "dropout");
  m.add_node("Identity", {"d"}, {"out"}, "identity");
  m.add_output("out");
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  ASSERT_EQ(graph->num_nodes(), 1u);
  EXPECT_EQ(graph->outputs()[0]->name(), "out");
  EXPECT_EQ(graph->outputs()[0]->producer()->name(), "relu");
}

TEST(OnnxImporterTest, UndefinedInputIsAnErrorNamingNodeAndValue) {
  OnnxTestModel m;
  m.add_input("x", {2});
  m.add_node("Add", {"x", "nowhere"}, {"y"}, "add_node");
  m.add_output("y");
  auto result = import(m);
  expect_error(result, StatusCode::kInvalidArgument, "add_node");
  EXPECT_NE(result.status().message().find("nowhere"), std::string::npos);
}

TEST(OnnxImporterTest, ValueDefinedTwiceIsAnError) {
  OnnxTestModel m;
  m.add_input("x", {2});
  m.add_node("Relu", {"x"}, {"y"}, "first");
  m.add_node("Neg", {"x"}, {"y"}, "second");
  m.add_output("y");
  expect_error(import(m), StatusCode::kInvalidArgument, "defined more than once");
}

TEST(OnnxImporterTest, WrongArityNamesTheNode) {
  OnnxTestModel m;
  m.add_input("x", {2});
  m.add_node("Add", {"x"}, {"y"}, "half_add");
  m.add_output("y");
  expect_error(import(m), StatusCode::kInvalidArgument, "half_add");
}

TEST(OnnxImporterTest, UnreadExtraOutputsAreDroppedAndReadOnesRejected) {
  OnnxTestModel m;
  m.add_input("x", {1, 1, 4, 4});
  auto* pool = m.add_node("MaxPool", {"x"}, {"y", "indices"}, "pool");
  add_ints_attr(pool, "kernel_shape", {2, 2});
  m.add_output("y");
  auto graph = import(m);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  EXPECT_EQ(graph->find_node("pool")->num_outputs(), 1);

  m.add_output("indices");
  auto result = import(m);
  expect_error(result, StatusCode::kUnimplemented, "pool");
  EXPECT_NE(result.status().message().find("'indices'"), std::string::npos);
}

TEST(OnnxImporterTest, ConstantInputsMakeShapeInputsConstant) {
  OnnxTestModel m;
  m.add_input("x", {2, 6});
  m.add_input("target", {2}, onnx::TensorProto::INT64);
  m.add_node("Reshape", {"x", "target"}, {"y"}, "reshape");
  m.add_output("y");
  expect_error(import(m), StatusCode::kUnimplemented, "reshape");

  ImportOptions options;
  const int64_t target[2] = {3, 4};
  LoadedTensor value{"target", DType::kI64, Shape({2}),
                     std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(target),
                                          reinterpret_cast<const uint8_t*>(target + 2))};
  options.constant_inputs["target"] = value;
  auto graph = import(m, options);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  ASSERT_EQ(graph->inputs().size(), 1u);
  EXPECT_EQ(graph->outputs()[0]->shape(), Shape({3, 4}));

  value.shape = Shape({1, 2});
  options.constant_inputs["target"] = value;
  expect_error(import(m, options), StatusCode::kInvalidArgument, "'target'");
}

TEST(OnnxImporterTest, MissingFileIsNotFound) {
  auto result = import_onnx_file("no/such/model.onnx");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace edgeq::importer
