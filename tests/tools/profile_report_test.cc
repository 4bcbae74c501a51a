#include "tools/profile_report.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace edgeq::tools {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

TEST(ProfileReport, SortsSlowestFirstWithTotalMeanAndShare) {
  const std::vector<ProfileRow> rows = {
      {0, "conv1", "Conv", 2000000},
      {1, "part0", "delegate:xnnpack", 6000000},
      {2, "relu", "Relu", 0},
      {3, "fc", "Gemm", 2000000},
  };
  const std::vector<std::string> lines = lines_of(format_profile(rows, 4));
  ASSERT_EQ(lines.size(), 7u);  // title, header, 4 rows, total
  EXPECT_EQ(lines[0], "profile over 4 run(s), 4 instruction(s), slowest first");
  EXPECT_NE(lines[1].find("instruction"), std::string::npos);
  // part0: 6 ms total, 1.5 ms per run, 60 % of 10 ms.
  EXPECT_NE(lines[2].find("part0"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("delegate:xnnpack"), std::string::npos);
  EXPECT_NE(lines[2].find("6.000"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("1.5000"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("60.0%"), std::string::npos) << lines[2];
  // Ties keep program order; the idle instruction comes last.
  EXPECT_NE(lines[3].find("conv1"), std::string::npos) << lines[3];
  EXPECT_NE(lines[4].find("fc"), std::string::npos) << lines[4];
  EXPECT_NE(lines[4].find("20.0%"), std::string::npos) << lines[4];
  EXPECT_NE(lines[5].find("relu"), std::string::npos) << lines[5];
  EXPECT_NE(lines[5].find("0.0%"), std::string::npos) << lines[5];
  EXPECT_NE(lines[6].find("total"), std::string::npos) << lines[6];
  EXPECT_NE(lines[6].find("10.000"), std::string::npos) << lines[6];
  EXPECT_NE(lines[6].find("2.5000"), std::string::npos) << lines[6];
  EXPECT_NE(lines[6].find("100.0%"), std::string::npos) << lines[6];
}

TEST(ProfileReport, NoRunsAndNoTimeGiveZerosNotNaN) {
  const std::string table = format_profile({{0, "a", "Add", 0}}, 0);
  EXPECT_EQ(table.find("nan"), std::string::npos) << table;
  EXPECT_NE(table.find("0.0%"), std::string::npos) << table;
}

}  // namespace
}  // namespace edgeq::tools
