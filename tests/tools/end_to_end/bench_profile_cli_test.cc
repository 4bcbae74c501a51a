// End-to-end tests of `edgeq bench` and of `edgeq run --profile / --threads`, on the demo model.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
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

// A member of a flat JSON object: a number, a string, true/false or null.
struct JsonScalar {
  enum Kind { kNumber, kString, kBool, kNull } kind = kNull;
  double number = 0;
  std::string text;
};

// Parses a flat JSON object ({"key": scalar, ...}) strictly: anything else, a duplicate key or
// trailing text gives nullopt.
std::optional<std::map<std::string, JsonScalar>> parse_flat_json(const std::string& json) {
  size_t at = 0;
  auto skip_space = [&] {
    while (at < json.size() && std::isspace(static_cast<unsigned char>(json[at]))) ++at;
  };
  auto consume = [&](char c) {
    skip_space();
    if (at >= json.size() || json[at] != c) return false;
    ++at;
    return true;
  };
  auto parse_string = [&](std::string* out) {
    if (!consume('"')) return false;
    for (; at < json.size() && json[at] != '"'; ++at) {
      if (json[at] == '\\') ++at;  // the tests only need to skip escapes, not decode them
      if (at < json.size()) *out += json[at];
    }
    return consume('"');
  };
  auto parse_word = [&](const std::string& word) {
    if (json.compare(at, word.size(), word) != 0) return false;
    at += word.size();
    return true;
  };
  std::map<std::string, JsonScalar> members;
  if (!consume('{')) return std::nullopt;
  skip_space();
  bool first = true;
  while (at < json.size() && json[at] != '}') {
    if (!first && !consume(',')) return std::nullopt;
    first = false;
    std::string key;
    if (!parse_string(&key) || !consume(':') || members.count(key) != 0) return std::nullopt;
    skip_space();
    JsonScalar value;
    if (at < json.size() && json[at] == '"') {
      value.kind = JsonScalar::kString;
      if (!parse_string(&value.text)) return std::nullopt;
    } else if (parse_word("null")) {
      value.kind = JsonScalar::kNull;
    } else if (parse_word("true") || parse_word("false")) {
      value.kind = JsonScalar::kBool;
    } else {
      const char* start = json.c_str() + at;
      char* end = nullptr;
      value.number = std::strtod(start, &end);
      if (end == start) return std::nullopt;
      value.kind = JsonScalar::kNumber;
      at += static_cast<size_t>(end - start);
    }
    members[key] = value;
    skip_space();
  }
  if (!consume('}')) return std::nullopt;
  skip_space();
  if (at != json.size()) return std::nullopt;
  return members;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class BenchProfileCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    program_path_ = dir_ + "/demo.eqp";
    CliResult compiled = run_edgeq({"compile", kDemoOnnx, "-o", program_path_});
    ASSERT_EQ(compiled.exit_code, 0) << compiled.output;
    auto program = runtime::Program::load_file(program_path_);
    ASSERT_TRUE(program.ok()) << program.status().to_string();
    program_ = *program;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  size_t xnnpack_calls() const {
    size_t count = 0;
    for (const auto& instruction : program_->instructions()) {
      count += instruction.kind == runtime::InstructionKind::kDelegateCall &&
               instruction.backend == "xnnpack";
    }
    return count;
  }

  std::string dir_;
  std::string program_path_;
  std::shared_ptr<const runtime::Program> program_;
};

TEST_F(BenchProfileCliTest, BenchJsonParsesAndHasEveryFigure) {
  CliResult result = run_edgeq(
      {"bench", program_path_, "--json", "--iters", "5", "--warmup", "1", "--threads", "2"});
  ASSERT_TRUE(result.exited) << result.output;
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto json = parse_flat_json(result.output);
  ASSERT_TRUE(json.has_value()) << "not a flat JSON object:\n" << result.output;
  auto number = [&](const std::string& key) {
    auto it = json->find(key);
    EXPECT_TRUE(it != json->end() && it->second.kind == JsonScalar::kNumber)
        << key << " missing or not a number in\n"
        << result.output;
    return it == json->end() ? -1.0 : it->second.number;
  };
  ASSERT_EQ(json->at("model").kind, JsonScalar::kString);
  EXPECT_EQ(json->at("model").text, program_path_);
  EXPECT_EQ(number("file_bytes"), static_cast<double>(program_->file_bytes()));
  EXPECT_EQ(number("instructions"), static_cast<double>(program_->instructions().size()));
  EXPECT_EQ(number("xnnpack_calls"), static_cast<double>(xnnpack_calls()));
  EXPECT_EQ(number("kernel_calls") + number("delegate_calls"), number("instructions"));
  EXPECT_EQ(number("threads"), 2);
  EXPECT_EQ(number("warmup"), 1);
  EXPECT_EQ(number("iters"), 5);
  EXPECT_GT(number("load_ms"), 0);
  EXPECT_GT(number("init_ms"), 0);
  EXPECT_GT(number("execute_min_ms"), 0);
  EXPECT_LE(number("execute_min_ms"), number("execute_median_ms"));
  EXPECT_LE(number("execute_median_ms"), number("execute_p90_ms"));
  EXPECT_LE(number("execute_p90_ms"), number("execute_max_ms"));
  EXPECT_LE(number("execute_min_ms"), number("execute_mean_ms"));
  EXPECT_LE(number("execute_mean_ms"), number("execute_max_ms"));
  EXPECT_GT(number("peak_rss_bytes"), 1 << 20);
  EXPECT_EQ(number("arena_bytes"), static_cast<double>(program_->memory_plan().arena_bytes));
  EXPECT_EQ(number("constant_bytes"), static_cast<double>(program_->constant_bytes()));
  const char* xnnpack_keys[] = {"xnnpack_invoke_median_ms", "xnnpack_invoke_mean_ms",
                                "xnnpack_invoke_percent", "edgeq_overhead_median_ms",
                                "edgeq_overhead_percent"};
  if (xnnpack_calls() > 0) {
    EXPECT_GT(number("xnnpack_invoke_median_ms"), 0);
    EXPECT_LE(number("xnnpack_invoke_median_ms"), number("execute_max_ms"));
    EXPECT_LE(number("xnnpack_invoke_mean_ms"), number("execute_mean_ms"));
    EXPECT_GE(number("edgeq_overhead_median_ms"), 0);
    EXPECT_GT(number("xnnpack_invoke_percent"), 0);
    EXPECT_LE(number("xnnpack_invoke_percent"), 100);
    EXPECT_NEAR(number("xnnpack_invoke_percent") + number("edgeq_overhead_percent"), 100, 1e-6);
  } else {
    for (const char* key : xnnpack_keys) {
      ASSERT_EQ(json->count(key), 1u) << key;
      EXPECT_EQ(json->at(key).kind, JsonScalar::kNull) << key;
    }
  }
}

TEST_F(BenchProfileCliTest, BenchTextReportsEveryFigure) {
  CliResult result = run_edgeq({"bench", program_path_, "--iters", "3", "--warmup", "0"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const char* part : {"load ", "init ", "3 runs after 0 warm-up: median ", "p90 ", "min ",
                           "mean ", "peak RSS ", "arena ", "input "}) {
    EXPECT_TRUE(contains(result.output, part)) << "expected '" << part << "' in\n" << result.output;
  }
  EXPECT_EQ(contains(result.output, "inside XNNPACK invoke: "), xnnpack_calls() > 0)
      << result.output;
}

TEST_F(BenchProfileCliTest, BenchRejectsABadWarmupAndAMissingFile) {
  CliResult bad_warmup = run_edgeq({"bench", program_path_, "--warmup", "-1"});
  EXPECT_EQ(bad_warmup.exit_code, 1) << bad_warmup.output;
  EXPECT_TRUE(contains(bad_warmup.output, "--warmup: expected an integer")) << bad_warmup.output;
  CliResult missing = run_edgeq({"bench", dir_ + "/absent.eqp"});
  EXPECT_EQ(missing.exit_code, 1) << missing.output;
  EXPECT_TRUE(contains(missing.output, "absent.eqp")) << missing.output;
  CliResult help = run_edgeq({"bench", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--threads", "--iters", "--warmup", "--json", "--input"}) {
    EXPECT_TRUE(contains(help.output, flag)) << help.output;
  }
}

TEST_F(BenchProfileCliTest, ProfileListsEveryInstructionAndATotal) {
  CliResult result = run_edgeq({"run", program_path_, "--profile", "--iters", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  ASSERT_TRUE(contains(result.output, "profile over 3 run(s), " +
                                          std::to_string(program_->instructions().size()) +
                                          " instruction(s)"))
      << result.output;
  // Each instruction's line: index, name, kind.
  std::map<size_t, std::string> lines;
  std::istringstream stream(result.output);
  for (std::string line; std::getline(stream, line);) {
    std::istringstream fields(line);
    size_t index = 0;
    if (fields >> index) lines[index] = line;
  }
  const auto& instructions = program_->instructions();
  for (size_t i = 0; i < instructions.size(); ++i) {
    ASSERT_EQ(lines.count(i), 1u) << "instruction " << i << " missing in\n" << result.output;
    const std::string kind = instructions[i].kind == runtime::InstructionKind::kDelegateCall
                                 ? "delegate:" + instructions[i].backend
                                 : op_name(instructions[i].op);
    EXPECT_TRUE(contains(lines[i], instructions[i].name)) << lines[i];
    EXPECT_TRUE(contains(lines[i], " " + kind + " ")) << lines[i];
    EXPECT_TRUE(contains(lines[i], "%")) << lines[i];
  }
  EXPECT_TRUE(contains(result.output, "100.0%")) << result.output;  // the total line
}

TEST_F(BenchProfileCliTest, TwoThreadsGiveTheOutputsOfOne) {
  std::vector<std::vector<float>> outputs;
  for (const char* threads : {"1", "2"}) {
    const std::string file = dir_ + "/out" + threads + ".npy";
    CliResult result = run_edgeq({"run", program_path_, "--threads", threads, "--output", file});
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_TRUE(contains(result.output, std::string("(") + threads + " thread")) << result.output;
    auto array = read_npy(file);
    ASSERT_TRUE(array.ok()) << array.status().to_string();
    const TensorView view = array->view();
    ASSERT_EQ(view.dtype, DType::kF32);
    outputs.emplace_back(view.data_as<const float>(), view.data_as<const float>() + view.numel());
  }
  ASSERT_EQ(outputs[0].size(), outputs[1].size());
  ASSERT_FALSE(outputs[0].empty());
  for (size_t i = 0; i < outputs[0].size(); ++i) {
    EXPECT_NEAR(outputs[0][i], outputs[1][i], 1e-5f + 1e-5f * std::abs(outputs[0][i])) << i;
  }
}

}  // namespace
}  // namespace edgeq::tools
