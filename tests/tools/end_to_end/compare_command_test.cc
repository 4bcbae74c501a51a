// End-to-end tests of `edgeq compare` on the demo CNN: a w8a8 program is 20-60 dB from the float
// model layer by layer, the float program itself is identical (inf), JSON and SVG are complete,
// labels give accuracies, delegated programs say what is not visible, bad arguments are errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/tools/end_to_end/cli_runner.h"
#include "tools/file_io.h"
#include "tools/npy.h"

namespace edgeq::tools {
namespace {

using testing::CliResult;
using testing::run_edgeq;

const std::string kDemoOnnx = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/demo_cnn.onnx";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every "key": value in `json` (in order), as the raw text of the value up to ',' '}' or newline.
std::vector<std::string> json_values(const std::string& json, const std::string& key) {
  std::vector<std::string> found;
  const std::string needle = "\"" + key + "\": ";
  for (size_t at = json.find(needle); at != std::string::npos; at = json.find(needle, at + 1)) {
    const size_t begin = at + needle.size();
    found.push_back(json.substr(begin, json.find_first_of(",}\n", begin) - begin));
  }
  return found;
}

// The JSON text from "\"outputs\"" on (the per-output entries).
std::string outputs_part(const std::string& json) {
  const size_t at = json.find("\"outputs\"");
  return at == std::string::npos ? "" : json.substr(at);
}

class CompareCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  // Runs edgeq and expects exit code 0.
  std::string run_ok(const std::vector<std::string>& args) {
    const CliResult result = run_edgeq(args);
    EXPECT_TRUE(result.exited && result.exit_code == 0) << result.output;
    return result.output;
  }

  std::string quantize_w8a8(const std::string& backend) {
    const std::string program = path("w8a8_" + backend + ".eqp");
    run_ok({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", "random:4", "--batch", "4",
            "--backend", backend, "-o", program});
    return program;
  }

  std::string dir_;
};

TEST_F(CompareCommandTest, W8A8ProgramIsWithinPlausibleSqnrLayerByLayer) {
  const std::string program = quantize_w8a8("none");
  const std::string chart = path("chart.svg");
  const std::string json = run_ok({"compare", kDemoOnnx, program, "--data", "random:2", "--batch",
                                   "4", "--json", "--svg", chart, "--target", "30"});
  EXPECT_EQ(json_values(json, "batches"), (std::vector<std::string>{"2"})) << json;
  EXPECT_EQ(json_values(json, "samples"), (std::vector<std::string>{"8"})) << json;
  EXPECT_EQ(json_values(json, "delegate_calls"), (std::vector<std::string>{"0"})) << json;
  const std::vector<std::string> kinds = json_values(json, "kind");
  EXPECT_GE(std::count(kinds.begin(), kinds.end(), "\"quantized\""), 4) << json;
  EXPECT_EQ(json_values(json, "worst_value").size(), 1u);

  const std::string outputs = outputs_part(json);
  const std::vector<std::string> output_sqnr = json_values(outputs, "sqnr_db");
  ASSERT_EQ(output_sqnr.size(), 1u) << json;
  const double sqnr = std::strtod(output_sqnr[0].c_str(), nullptr);
  EXPECT_GT(sqnr, 20) << json;
  EXPECT_LT(sqnr, 60) << json;
  const std::vector<std::string> cosine = json_values(outputs, "cosine");
  ASSERT_EQ(cosine.size(), 1u);
  EXPECT_GT(std::strtod(cosine[0].c_str(), nullptr), 0.99);
  const std::vector<std::string> top1 = json_values(outputs, "top1_agreement");
  ASSERT_EQ(top1.size(), 1u) << "logits [N, 10] are class scores";
  EXPECT_GE(std::strtod(top1[0].c_str(), nullptr), 0.5);
  EXPECT_LE(std::strtod(top1[0].c_str(), nullptr), 1.0);
  EXPECT_TRUE(json_values(outputs, "float_accuracy").empty()) << "no labels given";

  auto svg = read_file_bytes(chart);
  ASSERT_TRUE(svg.ok()) << svg.status().to_string();
  const std::string svg_text(svg->begin(), svg->end());
  EXPECT_TRUE(contains(svg_text, "<svg")) << svg_text;
  EXPECT_TRUE(contains(svg_text, "class=\"target\""));
  size_t bars = 0;
  for (size_t at = svg_text.find("class=\"bar\""); at != std::string::npos;
       at = svg_text.find("class=\"bar\"", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, json_values(json, "kind").size()) << "one bar per compared value";
}

TEST_F(CompareCommandTest, TheFloatProgramIsIdenticalToTheFloatModel) {
  const std::string program = path("float.eqp");
  run_ok({"compile", kDemoOnnx, "--backend", "none", "-o", program});
  const std::string json =
      run_ok({"compare", kDemoOnnx, program, "--data", "random:1", "--batch", "2", "--json"});
  const std::vector<std::string> sqnr = json_values(json, "sqnr_db");
  ASSERT_GE(sqnr.size(), 5u) << json;
  for (const std::string& value : sqnr) EXPECT_EQ(value, "\"inf\"") << json;
  const std::vector<std::string> kinds = json_values(json, "kind");
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "\"quantized\""), 0) << json;
}

TEST_F(CompareCommandTest, TextReportWithLabelsAndADelegatedProgram) {
  const std::string program = quantize_w8a8("xnnpack");
  NpyArray labels;
  labels.dtype = DType::kI64;
  labels.shape = Shape{8};
  labels.data = AlignedBuffer(8 * sizeof(int64_t));
  for (int i = 0; i < 8; ++i) reinterpret_cast<int64_t*>(labels.data.data())[i] = i % 10;
  ASSERT_TRUE(write_npy(path("labels.npy"), labels.view()).ok());
  const std::string text = run_ok({"compare", kDemoOnnx, program, "--data", "random:4", "--limit",
                                   "8", "--batch", "4", "--labels", path("labels.npy")});
  EXPECT_TRUE(contains(text, "over 2 batch(es), 8 samples")) << text;
  EXPECT_TRUE(contains(text, "delegate call(s): values inside delegated subgraphs are not visible"))
      << text;
  EXPECT_TRUE(contains(text, "output logits: SQNR")) << text;
  EXPECT_TRUE(contains(text, "top-1 agreement")) << text;
  EXPECT_TRUE(contains(text, "accuracy: float")) << text;
  EXPECT_TRUE(contains(text, "(8 labelled samples)")) << text;
}

TEST_F(CompareCommandTest, BadArgumentsAreClearErrors) {
  const std::string program = path("float.eqp");
  run_ok({"compile", kDemoOnnx, "--backend", "none", "-o", program});
  CliResult result = run_edgeq({"compare", kDemoOnnx, program});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "--data")) << result.output;

  result = run_edgeq({"compare", kDemoOnnx, program, "--data", path("absent.npy")});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "absent.npy")) << result.output;

  NpyArray few;
  few.dtype = DType::kI64;
  few.shape = Shape{3};
  few.data = AlignedBuffer(3 * sizeof(int64_t));
  ASSERT_TRUE(write_npy(path("few.npy"), few.view()).ok());
  result = run_edgeq({"compare", kDemoOnnx, program, "--data", "random:2", "--batch", "2",
                      "--labels", path("few.npy")});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "only 3 labels")) << result.output;

  result = run_edgeq({"compare", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(contains(result.output, "usage: edgeq compare model.onnx model.eqp"))
      << result.output;
}

}  // namespace
}  // namespace edgeq::tools
