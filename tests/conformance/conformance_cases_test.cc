#include "tests/conformance/conformance_cases.h"

#include <gtest/gtest.h>

#include <fstream>

namespace edgeq::e2e {
namespace {
namespace fs = std::filesystem;

class ConformanceCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("edgeq_conformance_cases_" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void touch(const fs::path& relative) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << "x";
  }

  fs::path root_;
};

TEST_F(ConformanceCasesTest, FindsCasesWithDataSetsInIndexOrder) {
  touch("node/test_b/model.onnx");
  touch("node/test_b/test_data_set_0/input_0.pb");
  touch("node/test_b/test_data_set_0/output_0.pb");
  touch("node/test_a/model.onnx");
  for (int i = 0; i < 12; ++i)
    touch("node/test_a/test_data_set_0/input_" + std::to_string(i) + ".pb");
  touch("node/test_a/test_data_set_0/output_0.pb");
  touch("node/test_a/test_data_set_1/input_0.pb");
  touch("node/not_a_test/readme.txt");
  touch("simple/test_c/model.onnx");

  auto cases = find_conformance_cases(root_, conformance_suites());
  ASSERT_TRUE(cases.ok()) << cases.status().to_string();
  ASSERT_EQ(cases->size(), 3u);
  EXPECT_EQ((*cases)[0].name, "node/test_a");
  EXPECT_EQ((*cases)[1].name, "node/test_b");
  EXPECT_EQ((*cases)[2].name, "simple/test_c");
  const ConformanceCase& a = (*cases)[0];
  ASSERT_EQ(a.data_sets.size(), 2u);
  ASSERT_EQ(a.data_sets[0].inputs.size(), 12u);
  EXPECT_EQ(a.data_sets[0].inputs[2].filename(), "input_2.pb");
  EXPECT_EQ(a.data_sets[0].inputs[10].filename(), "input_10.pb");
  EXPECT_EQ(a.data_sets[1].outputs.size(), 0u);
  EXPECT_TRUE((*cases)[2].data_sets.empty());
}

TEST_F(ConformanceCasesTest, GapInIndicesNamesTheMissingFile) {
  touch("node/test_gap/model.onnx");
  touch("node/test_gap/test_data_set_0/input_0.pb");
  touch("node/test_gap/test_data_set_0/input_2.pb");
  auto cases = find_conformance_cases(root_, conformance_suites());
  ASSERT_FALSE(cases.ok());
  EXPECT_EQ(cases.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(cases.status().message().find("input_1.pb is missing"), std::string::npos)
      << cases.status().message();
}

TEST_F(ConformanceCasesTest, RootWithoutSuitesIsNotFound) {
  auto cases = find_conformance_cases(root_ / "absent", conformance_suites());
  ASSERT_FALSE(cases.ok());
  EXPECT_EQ(cases.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace edgeq::e2e
