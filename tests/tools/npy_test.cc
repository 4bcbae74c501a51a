#include "tools/npy.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace edgeq::tools {
namespace {

std::vector<uint8_t> npy_bytes(int major, const std::string& header, size_t data_bytes) {
  std::vector<uint8_t> bytes = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(major), 0};
  int length_bytes = major == 1 ? 2 : 4;
  for (int i = 0; i < length_bytes; ++i) bytes.push_back((header.size() >> (8 * i)) & 0xFF);
  bytes.insert(bytes.end(), header.begin(), header.end());
  for (size_t i = 0; i < data_bytes; ++i) bytes.push_back(static_cast<uint8_t>(i));
  return bytes;
}

std::string error_of(const std::vector<uint8_t>& bytes) {
  Result<NpyArray> array = parse_npy(bytes, "x.npy");
  EXPECT_FALSE(array.ok());
  return array.ok() ? "" : array.status().message();
}

TEST(Npy, RoundTripsEveryDtype) {
  const DType dtypes[] = {DType::kF32, DType::kF16, DType::kI8,  DType::kU8,
                          DType::kI16, DType::kI32, DType::kI64, DType::kBool};
  for (DType dtype : dtypes) {
    Shape shape{2, 3, 1};
    std::vector<uint8_t> data(dtype_storage_bytes(dtype, 6));
    for (size_t i = 0; i < data.size(); ++i) data[i] = dtype == DType::kBool ? i % 2 : i * 7 + 1;
    Result<std::vector<uint8_t>> bytes = encode_npy(TensorView(dtype, shape, data.data()));
    ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
    EXPECT_EQ((bytes->size() - data.size()) % 64, 0u) << "data starts 64-byte aligned";
    Result<NpyArray> array = parse_npy(*bytes, "round_trip.npy");
    ASSERT_TRUE(array.ok()) << array.status().to_string();
    EXPECT_EQ(array->dtype, dtype) << dtype_name(dtype);
    EXPECT_EQ(array->shape, shape);
    EXPECT_EQ(std::memcmp(array->data.data(), data.data(), data.size()), 0) << dtype_name(dtype);
  }
}

TEST(Npy, WritesPythonTupleSyntax) {
  float scalar = 1.5f;
  Result<std::vector<uint8_t>> bytes = encode_npy(TensorView(DType::kF32, Shape{}, &scalar));
  ASSERT_TRUE(bytes.ok());
  std::string text(bytes->begin(), bytes->end());
  EXPECT_NE(text.find("'shape': (), }"), std::string::npos) << text;
  float vector[3] = {};
  bytes = encode_npy(TensorView(DType::kF32, Shape{3}, vector));
  ASSERT_TRUE(bytes.ok());
  text.assign(bytes->begin(), bytes->end());
  EXPECT_NE(text.find("'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"),
            std::string::npos)
      << text;
}

TEST(Npy, ReadsVersionTwoAndThreeHeaders) {
  for (int major : {2, 3}) {
    std::vector<uint8_t> bytes =
        npy_bytes(major, "{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2, 2)}\n", 8);
    Result<NpyArray> array = parse_npy(bytes, "v.npy");
    ASSERT_TRUE(array.ok()) << array.status().to_string();
    EXPECT_EQ(array->dtype, DType::kI16);
    EXPECT_EQ(array->shape, (Shape{2, 2}));
    EXPECT_EQ(array->data.data()[7], 7);
  }
}

TEST(Npy, ReadsAFileWrittenByNumpy) {
  Result<NpyArray> array =
      read_npy(std::string(EDGEQ_SOURCE_DIR) + "/examples/models/demo_cnn.input.npy");
  ASSERT_TRUE(array.ok()) << array.status().to_string();
  EXPECT_EQ(array->dtype, DType::kF32);
  EXPECT_EQ(array->shape, (Shape{2, 3, 32, 32}));
}

TEST(Npy, MalformedFilesAreClearErrorsNamingTheFile) {
  const std::string good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  struct Case {
    std::vector<uint8_t> bytes;
    std::string expected;
  };
  std::vector<uint8_t> bad_magic = npy_bytes(1, good, 8);
  bad_magic[1] = 'X';
  std::vector<uint8_t> truncated_header = npy_bytes(1, good, 0);
  truncated_header.resize(truncated_header.size() - 10);
  const Case cases[] = {
      {bad_magic, "magic"},
      {{0x93, 'N', 'U'}, "magic"},
      {npy_bytes(4, good, 8), "version 4"},
      {truncated_header, "truncated"},
      {npy_bytes(1, good, 7), "needs 8 data bytes, the file has 7"},
      {npy_bytes(1, good, 9), "needs 8 data bytes, the file has 9"},
      {npy_bytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16), "'<f8'"},
      {npy_bytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "big-endian"},
      {npy_bytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8), "Fortran"},
      {npy_bytes(1, "{'descr': '<f4', 'shape': (2,), }", 8), "lacks"},
      {npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8),
       "unexpected key 'x'"},
      {npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2 2), }", 8), "expected"},
      {npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 8), "dimension"},
      {npy_bytes(1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", 8), "True"},
      {npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 4),
       "rank 9"},
      {npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999), }",
                 8),
       "truncated"},
      {npy_bytes(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", 3), "is 2"},
  };
  for (const Case& c : cases) {
    std::string message = error_of(c.bytes);
    EXPECT_NE(message.find("x.npy"), std::string::npos) << message;
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "expected '" << c.expected << "' in: " << message;
  }
}

TEST(Npy, MissingFileNamesThePath) {
  Result<NpyArray> array = read_npy("no/such/file.npy");
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.status().code(), StatusCode::kNotFound);
  EXPECT_NE(array.status().message().find("no/such/file.npy"), std::string::npos);
}

TEST(Npy, PackedInt4CannotBeWritten) {
  uint8_t packed = 0;
  Result<std::vector<uint8_t>> bytes = encode_npy(TensorView(DType::kI4, Shape{2}, &packed));
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::tools
