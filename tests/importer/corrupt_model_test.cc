// Truncated and bit-flipped models give a clear error, never a crash (also run under ASan/UBSan).
#include <gtest/gtest.h>

#include <random>

#include "importer/onnx/onnx_importer.h"
#include "tests/importer/onnx_test_model.h"

namespace edgeq::importer {
namespace {

bool is_clear_error(const Status& status) {
  return status.code() == StatusCode::kDataLoss || status.code() == StatusCode::kInvalidArgument ||
         status.code() == StatusCode::kUnimplemented || status.code() == StatusCode::kNotFound;
}

TEST(CorruptModelTest, EveryTruncationFailsCleanly) {
  const std::string bytes = testing::small_cnn().serialize();
  ASSERT_TRUE(import_onnx_bytes(bytes.data(), bytes.size()).ok());
  int failures = 0;
  for (size_t length = 0; length < bytes.size(); ++length) {
    auto result = import_onnx_bytes(bytes.data(), length);
    if (result.ok()) continue;  // a cut at a field boundary can still be a valid, smaller model
    ++failures;
    EXPECT_TRUE(is_clear_error(result.status()))
        << "length " << length << ": " << result.status().to_string();
  }
  EXPECT_GT(failures, static_cast<int>(bytes.size()) / 2);
}

TEST(CorruptModelTest, TruncationIsDataLoss) {
  const std::string bytes = testing::small_cnn().serialize();
  auto result = import_onnx_bytes(bytes.data(), bytes.size() / 2 + 3);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDataLoss) << result.status().to_string();
}

TEST(CorruptModelTest, ByteFlipsNeverCrash) {
  const std::string original = testing::small_cnn().serialize();
  std::mt19937 rng(1234);
  std::uniform_int_distribution<size_t> position(0, original.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  int errors = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bytes = original;
    const int flips = 1 + trial % 4;
    for (int f = 0; f < flips; ++f) bytes[position(rng)] = static_cast<char>(byte(rng));
    auto result = import_onnx_bytes(bytes.data(), bytes.size());
    if (result.ok()) {
      EXPECT_TRUE(result->verify().ok());
      continue;
    }
    ++errors;
    EXPECT_TRUE(is_clear_error(result.status()))
        << "trial " << trial << ": " << result.status().to_string();
  }
  EXPECT_GT(errors, 0);
}

TEST(CorruptModelTest, GarbageIsDataLoss) {
  const std::string garbage = "\xff\xff\xff\xff this is not a protobuf";
  auto result = import_onnx_bytes(garbage.data(), garbage.size());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDataLoss) << result.status().to_string();
}

}  // namespace
}  // namespace edgeq::importer
