// Builds (through the test's dependencies) and runs the example host programs on the demo model
// compiled here, and checks their outputs equal `edgeq run`'s for the same inputs and threads.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/program/program.h"
#include "tests/tools/end_to_end/cli_runner.h"
#include "tools/npy.h"

namespace edgeq::tools {
namespace {

using testing::CliResult;
using testing::run_edgeq;

const std::string kDemoOnnx = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/demo_cnn.onnx";

// Runs `program args...` through the shell and captures stdout and stderr.
CliResult run_program(const std::string& program, const std::vector<std::string>& args) {
  std::string command = program;
  for (const std::string& arg : args) command += " '" + arg + "'";
  command += " 2>&1";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char chunk[4096];
  for (size_t got; (got = fread(chunk, 1, sizeof(chunk), pipe)) > 0;) {
    result.output.append(chunk, got);
  }
  const int status = pclose(pipe);
  result.exited = WIFEXITED(status) && WEXITSTATUS(status) < 128;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<float> floats_of(const TensorView& view) {
  return std::vector<float>(view.data_as<const float>(),
                            view.data_as<const float>() + view.numel());
}

void expect_same_values(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], 1e-6f + 1e-6f * std::abs(expected[i])) << "element " << i;
  }
}

class ExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    program_path_ = dir_ + "/demo.eqp";
    CliResult compiled = run_edgeq({"compile", kDemoOnnx, "-o", program_path_});
    ASSERT_EQ(compiled.exit_code, 0) << compiled.output;
    auto program = runtime::Program::load_file(program_path_);
    ASSERT_TRUE(program.ok()) << program.status().to_string();
    ASSERT_EQ((*program)->inputs().size(), 1u);
    input_ = (*program)->values()[(*program)->inputs()[0]];
    ASSERT_EQ(input_.dtype, DType::kF32);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `values` as the program's input .npy and returns `edgeq run`'s first output for it.
  std::vector<float> edgeq_output(const std::vector<float>& values, const std::string& threads) {
    const std::string input = dir_ + "/input.npy";
    const std::string output = dir_ + "/reference.npy";
    EXPECT_TRUE(write_npy(input, TensorView(DType::kF32, input_.shape, values.data())).ok());
    CliResult result = run_edgeq(
        {"run", program_path_, "--input", input, "--output", output, "--threads", threads});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    auto array = read_npy(output);
    EXPECT_TRUE(array.ok()) << array.status().to_string();
    return array.ok() ? floats_of(array->view()) : std::vector<float>();
  }

  std::string dir_;
  std::string program_path_;
  runtime::ProgramValue input_;
};

TEST_F(ExamplesTest, RegisterDelegatePrintsTheOutputsOfEdgeqRun) {
  CliResult result = run_program(EDGEQ_REGISTER_DELEGATE_PATH, {program_path_, "2"});
  ASSERT_TRUE(result.exited) << result.output;
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("registered backends: xnnpack"), std::string::npos) << result.output;
  // The example's documented input pattern.
  std::vector<float> pattern(static_cast<size_t>(input_.shape.numel()));
  for (size_t k = 0; k < pattern.size(); ++k) pattern[k] = ((k % 17) - 8.0f) / 8.0f;
  const std::vector<float> expected = edgeq_output(pattern, "2");
  // "output <name> f32[...]: v0 v1 ... [...]": the first (up to 16) values, printed exactly.
  const size_t line_start = result.output.find("output ");
  ASSERT_NE(line_start, std::string::npos) << result.output;
  const std::string line =
      result.output.substr(line_start, result.output.find('\n', line_start) - line_start);
  std::istringstream values(line.substr(line.find("]:") + 2));
  std::vector<float> printed;
  for (float value; values >> value;) printed.push_back(value);
  ASSERT_EQ(printed.size(), std::min<size_t>(expected.size(), 16)) << line;
  expect_same_values(printed,
                     std::vector<float>(expected.begin(), expected.begin() + printed.size()));
}

TEST_F(ExamplesTest, MobileRunnerWritesTheOutputsOfEdgeqRun) {
  std::vector<float> values(static_cast<size_t>(input_.shape.numel()));
  for (size_t k = 0; k < values.size(); ++k) values[k] = std::sin(0.37f * k);
  const std::string raw_input = dir_ + "/input.f32";
  const std::string raw_output = dir_ + "/output.f32";
  {
    std::ofstream file(raw_input, std::ios::binary);
    file.write(reinterpret_cast<const char*>(values.data()),
               static_cast<std::streamsize>(values.size() * sizeof(float)));
  }
  CliResult result =
      run_program(EDGEQ_MOBILE_RUNNER_PATH, {program_path_, "--input", raw_input, "--output",
                                             raw_output, "--threads", "2", "--iters", "3"});
  ASSERT_TRUE(result.exited) << result.output;
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("execute median "), std::string::npos) << result.output;
  const std::vector<float> expected = edgeq_output(values, "2");
  std::ifstream file(raw_output, std::ios::binary | std::ios::ate);
  ASSERT_TRUE(file.good());
  std::vector<float> written(static_cast<size_t>(file.tellg()) / sizeof(float));
  file.seekg(0);
  file.read(reinterpret_cast<char*>(written.data()),
            static_cast<std::streamsize>(written.size() * sizeof(float)));
  expect_same_values(written, expected);
}

TEST_F(ExamplesTest, MobileRunnerRejectsAnInputOfTheWrongSize) {
  const std::string raw_input = dir_ + "/short.f32";
  std::ofstream(raw_input, std::ios::binary) << "abcd";
  CliResult result = run_program(EDGEQ_MOBILE_RUNNER_PATH, {program_path_, "--input", raw_input});
  ASSERT_TRUE(result.exited) << result.output;
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("short.f32: expected exactly"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace edgeq::tools
