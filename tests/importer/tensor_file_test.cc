#include "importer/onnx/tensor_file.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "tests/importer/onnx_test_model.h"
#include "tests/importer/temp_dir.h"

namespace edgeq::importer {
namespace {

using ::edgeq::testing::TempDir;

TEST(TensorFileTest, ReadsNameDtypeShapeAndValues) {
  TempDir dir;
  onnx::TensorProto t;
  testing::OnnxTestModel::fill_tensor(&t, "input_0", {2, 3}, {1, 2, 3, 4, 5, 6});
  dir.write("input_0.pb", t.SerializeAsString());
  auto loaded = read_tensor_proto_file(dir.file("input_0.pb"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().to_string();
  EXPECT_EQ(loaded->name, "input_0");
  EXPECT_EQ(loaded->dtype, DType::kF32);
  EXPECT_EQ(loaded->shape, Shape({2, 3}));
  ASSERT_EQ(loaded->bytes.size(), 6 * sizeof(float));
  float third;
  std::memcpy(&third, loaded->bytes.data() + 2 * sizeof(float), sizeof(float));
  EXPECT_EQ(third, 3.f);
  EXPECT_EQ(loaded->view().numel(), 6);
}

TEST(TensorFileTest, UnsupportedDtypeIsUnimplementedNamingIt) {
  TempDir dir;
  onnx::TensorProto t;
  t.set_name("strings");
  t.set_data_type(onnx::TensorProto::STRING);
  t.add_string_data("hello");
  dir.write("s.pb", t.SerializeAsString());
  auto loaded = read_tensor_proto_file(dir.file("s.pb"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(loaded.status().message().find("STRING"), std::string::npos);
}

TEST(TensorFileTest, CorruptAndMissingFilesAreErrors) {
  TempDir dir;
  dir.write("bad.pb", "\x0a\xff\xff\xff\xff\x0f");
  auto bad = read_tensor_proto_file(dir.file("bad.pb"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss) << bad.status().to_string();
  EXPECT_EQ(read_tensor_proto_file(dir.file("none.pb")).status().code(), StatusCode::kNotFound);
}

TEST(TensorFileTest, ReadsOnnxBackendTestData) {
  const std::string path = "/usr/share/libonnx-testdata/data/node/test_abs/test_data_set_0";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "libonnx-testdata is not installed";
  auto input = read_tensor_proto_file(path + "/input_0.pb");
  ASSERT_TRUE(input.ok()) << input.status().to_string();
  EXPECT_EQ(input->dtype, DType::kF32);
  EXPECT_EQ(input->shape, Shape({3, 4, 5}));
  EXPECT_EQ(input->bytes.size(), 60 * sizeof(float));
}

}  // namespace
}  // namespace edgeq::importer
