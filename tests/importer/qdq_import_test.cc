// A QDQ model made elsewhere (laid out like ONNX Runtime's quantize_static output; made by
// scripts/make_qdq_fixture.py) imports with every quantization parameter intact and runs.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "importer/onnx/onnx_exporter.h"
#include "importer/onnx/onnx_importer.h"
#include "importer/onnx/tensor_conversion.h"
#include "importer/onnx/tensor_file.h"
#include "onnx/onnx_pb.h"
#include "tests/ir/graph_test_util.h"

namespace edgeq::importer {
namespace {

const std::string kFixtureDir = std::string(EDGEQ_SOURCE_DIR) + "/tests/fixtures/qdq/";

onnx::ModelProto read_model_proto(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromIstream(&file)) << path;
  return model;
}

std::vector<float> floats_of(const LoadedTensor& tensor) {
  const float* p = reinterpret_cast<const float*>(tensor.bytes.data());
  return std::vector<float>(p, p + tensor.shape.numel());
}

float initializer_scalar(const onnx::ModelProto& model, const std::string& name) {
  for (const onnx::TensorProto& t : model.graph().initializer()) {
    if (t.name() == name) {
      auto converted = convert_tensor(t, "");
      EXPECT_TRUE(converted.ok()) << converted.status().to_string();
      return converted.ok() ? converted->data.data_as<float>()[0] : NAN;
    }
  }
  ADD_FAILURE() << "no initializer " << name;
  return NAN;
}

TEST(QdqImportTest, OrtStyleModelKeepsEveryScaleZeroPointAndQuantizedWeight) {
  const std::string path = kFixtureDir + "qdq_ort_style.onnx";
  onnx::ModelProto proto = read_model_proto(path);
  auto graph = import_onnx_file(path);
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();

  ASSERT_GT(proto.graph().initializer_size(), 0);
  for (const onnx::TensorProto& initializer : proto.graph().initializer()) {
    SCOPED_TRACE(initializer.name());
    const ir::Value* value = graph->find_value(initializer.name());
    ASSERT_NE(value, nullptr) << "initializer dropped on import";
    ASSERT_TRUE(value->is_constant());
    auto expected = convert_tensor(initializer, "");
    ASSERT_TRUE(expected.ok()) << expected.status().to_string();
    EXPECT_EQ(value->dtype(), expected->dtype);
    EXPECT_EQ(value->shape(), expected->shape);
    ASSERT_EQ(value->constant()->size(), expected->data.size());
    EXPECT_EQ(std::memcmp(value->constant()->data(), expected->data.data(), expected->data.size()),
              0);
  }
  int quantize = 0, dequantize = 0;
  for (const ir::Node* node : graph->nodes()) {
    quantize += node->op() == OpType::kQuantizeLinear;
    dequantize += node->op() == OpType::kDequantizeLinear;
  }
  EXPECT_EQ(quantize, 5);
  EXPECT_EQ(dequantize, 9);  // 5 activations, 2 weights, 2 biases
  EXPECT_EQ(graph->find_value("conv.weight_quantized")->dtype(), DType::kI8);
  EXPECT_EQ(graph->find_value("conv.bias_quantized")->dtype(), DType::kI32);
  EXPECT_EQ(graph->find_value("x_zero_point")->dtype(), DType::kU8);
  EXPECT_EQ(graph->find_node("conv.weight_DequantizeLinear")->attrs().get_int("axis", 1).value(),
            0);
}

TEST(QdqImportTest, OrtStyleModelRunsLikeItsQdqSimulation) {
  auto graph = import_onnx_file(kFixtureDir + "qdq_ort_style.onnx");
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  auto input = read_tensor_proto_file(kFixtureDir + "input_0.pb");
  auto expected = read_tensor_proto_file(kFixtureDir + "output_0.pb");
  ASSERT_TRUE(input.ok()) << input.status().to_string();
  ASSERT_TRUE(expected.ok()) << expected.status().to_string();
  auto outputs = testing::evaluate_graph(*graph, {{"x", floats_of(*input)}});
  ASSERT_TRUE(outputs.ok()) << outputs.status().to_string();
  // The reference is a float64 simulation; float32 rounding may move a value by one output step.
  const float step =
      initializer_scalar(read_model_proto(kFixtureDir + "qdq_ort_style.onnx"), "logits_scale");
  const std::vector<float> want = floats_of(*expected);
  const std::vector<float>& got = outputs->at("y");
  ASSERT_EQ(got.size(), want.size());
  int exact = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], 1.01f * step) << "element " << i;
    exact += got[i] == want[i];
  }
  EXPECT_GE(exact, 4) << "most outputs must match the simulation exactly";
}

TEST(QdqImportTest, OrtStyleModelSurvivesExportAndReimport) {
  auto graph = import_onnx_file(kFixtureDir + "qdq_ort_style.onnx");
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  auto bytes = export_onnx(*graph);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto again = import_onnx_bytes(bytes->data(), bytes->size());
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  auto input = read_tensor_proto_file(kFixtureDir + "input_0.pb");
  ASSERT_TRUE(input.ok());
  auto before = testing::evaluate_graph(*graph, {{"x", floats_of(*input)}});
  auto after = testing::evaluate_graph(*again, {{"x", floats_of(*input)}});
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(before->at("y"), after->at("y"));
}

}  // namespace
}  // namespace edgeq::importer
