#include <gtest/gtest.h>

#include "importer/onnx/onnx_importer.h"
#include "tests/importer/onnx_test_model.h"
#include "tests/importer/temp_dir.h"
#include "tests/ir/graph_test_util.h"

namespace edgeq::importer {
namespace {

using ::edgeq::testing::constant_values;
using ::edgeq::testing::OnnxTestModel;
using ::edgeq::testing::TempDir;

std::string float_bytes(const std::vector<float>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
}

void set_external(onnx::TensorProto* t, const std::string& location, const std::string& offset,
                  const std::string& length) {
  t->set_data_location(onnx::TensorProto::EXTERNAL);
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    auto* entry = t->add_external_data();
    entry->set_key(key);
    entry->set_value(value);
  };
  add("location", location);
  add("offset", offset);
  add("length", length);
}

// "w" [2, 2] stored externally, y = x + w.
OnnxTestModel model_with_external_weight(const std::string& location, const std::string& offset,
                                         const std::string& length) {
  OnnxTestModel m;
  m.add_input("x", {2, 2});
  onnx::TensorProto* w = m.graph().add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(2);
  w->add_dims(2);
  set_external(w, location, offset, length);
  m.add_node("Add", {"x", "w"}, {"y"});
  m.add_output("y");
  return m;
}

Result<ir::Graph> import_in(const TempDir& dir, const OnnxTestModel& m) {
  dir.write("model.onnx", m.serialize());
  return import_onnx_file(dir.file("model.onnx"));
}

TEST(ExternalDataTest, ReadsTensorAtOffsetFromAFileNextToTheModel) {
  TempDir dir;
  dir.write("weights.bin", "PAD!" + float_bytes({1.f, 2.f, 3.f, 4.f}));
  auto graph = import_in(dir, model_with_external_weight("weights.bin", "4", "16"));
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  EXPECT_EQ(constant_values<float>(graph->find_value("w")), (std::vector<float>{1, 2, 3, 4}));
}

TEST(ExternalDataTest, LengthMayBeOmitted) {
  TempDir dir;
  dir.write("weights.bin", float_bytes({5.f, 6.f, 7.f, 8.f}));
  auto graph = import_in(dir, model_with_external_weight("weights.bin", "", ""));
  ASSERT_TRUE(graph.ok()) << graph.status().to_string();
  EXPECT_EQ(constant_values<float>(graph->find_value("w")), (std::vector<float>{5, 6, 7, 8}));
}

TEST(ExternalDataTest, DataPastTheEndOfTheFileIsDataLoss) {
  TempDir dir;
  dir.write("weights.bin", float_bytes({1.f, 2.f, 3.f}));
  auto graph = import_in(dir, model_with_external_weight("weights.bin", "", ""));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().code(), StatusCode::kDataLoss) << graph.status().to_string();
  EXPECT_NE(graph.status().message().find("'w'"), std::string::npos);

  auto far = import_in(dir, model_with_external_weight("weights.bin", "9223372036854775807", ""));
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.status().code(), StatusCode::kDataLoss) << far.status().to_string();
}

TEST(ExternalDataTest, LengthThatDisagreesWithTheShapeIsDataLoss) {
  TempDir dir;
  dir.write("weights.bin", float_bytes({1.f, 2.f, 3.f, 4.f, 5.f}));
  auto graph = import_in(dir, model_with_external_weight("weights.bin", "0", "20"));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().code(), StatusCode::kDataLoss) << graph.status().to_string();
}

TEST(ExternalDataTest, MissingFileIsNotFound) {
  TempDir dir;
  auto graph = import_in(dir, model_with_external_weight("absent.bin", "", ""));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().code(), StatusCode::kNotFound) << graph.status().to_string();
}

TEST(ExternalDataTest, LocationsOutsideTheModelFolderAreRejected) {
  TempDir dir;
  for (const char* location : {"../weights.bin", "sub/../../weights.bin", "/etc/passwd"}) {
    auto graph = import_in(dir, model_with_external_weight(location, "", ""));
    ASSERT_FALSE(graph.ok()) << location;
    EXPECT_EQ(graph.status().code(), StatusCode::kInvalidArgument) << graph.status().to_string();
  }
}

TEST(ExternalDataTest, BadOffsetTextIsRejected) {
  TempDir dir;
  dir.write("weights.bin", float_bytes({1.f, 2.f, 3.f, 4.f}));
  auto graph = import_in(dir, model_with_external_weight("weights.bin", "-4", ""));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().code(), StatusCode::kInvalidArgument) << graph.status().to_string();
}

TEST(ExternalDataTest, ModelFromBytesCannotUseExternalData) {
  OnnxTestModel m = model_with_external_weight("weights.bin", "", "");
  std::string bytes = m.serialize();
  auto graph = import_onnx_bytes(bytes.data(), bytes.size());
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().code(), StatusCode::kInvalidArgument) << graph.status().to_string();
}

}  // namespace
}  // namespace edgeq::importer
