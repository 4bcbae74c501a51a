// End-to-end tests of QDQ fusion through the command line (ir/passes/qdq_fusion.h): `edgeq
// quantize` and `edgeq compile` fuse by default and say so, --no-fuse-quantized keeps the float
// QDQ graph, and `edgeq compare` still matches every quantized activation of a fused program by
// name (its int8 X_quantized values, dequantized) with an SQNR close to the fake-quant program's;
// `edgeq inspect --why` names the engine of each int8 convolution and `edgeq bench
// --conv-kernels` switches it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/tools/end_to_end/cli_runner.h"

namespace edgeq::tools {
namespace {

using testing::CliResult;
using testing::run_edgeq;

const std::string kDemoOnnx = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/demo_cnn.onnx";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class FusedQuantizedCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  std::string run_ok(const std::vector<std::string>& args) {
    const CliResult result = run_edgeq(args);
    EXPECT_TRUE(result.exited && result.exit_code == 0) << result.output;
    return result.output;
  }

  // Value name -> SQNR (dB) of the "quantized" rows of `edgeq compare --json`.
  std::map<std::string, double> quantized_sqnr(const std::string& program) {
    const std::string json =
        run_ok({"compare", kDemoOnnx, program, "--data", "random:2", "--batch", "4", "--json"});
    std::map<std::string, double> found;
    const std::string row = "\"name\": \"";
    for (size_t at = json.find(row); at != std::string::npos; at = json.find(row, at + 1)) {
      const size_t name_begin = at + row.size();
      const std::string name = json.substr(name_begin, json.find('"', name_begin) - name_begin);
      const size_t end = json.find('}', at);
      const std::string item = json.substr(at, end - at);
      if (!contains(item, "\"kind\": \"quantized\"")) continue;
      const size_t sqnr = item.find("\"sqnr_db\": ");
      if (sqnr == std::string::npos) continue;
      found[name] = std::strtod(item.c_str() + sqnr + 11, nullptr);
    }
    return found;
  }

  std::string dir_;
};

TEST_F(FusedQuantizedCliTest, CompareMatchesTheFusedProgramLikeTheFakeQuantOne) {
  const std::string fused = path("fused.eqp");
  const std::string fake_quant = path("fake_quant.eqp");
  const std::string qdq = path("model.qdq.onnx");
  const std::string summary =
      run_ok({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", "random:4", "--batch", "4",
              "--backend", "none", "--onnx-out", qdq, "-o", fused});
  EXPECT_TRUE(contains(summary, "integer ops: fused ")) << summary;
  const std::string kept =
      run_ok({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", "random:4", "--batch", "4",
              "--backend", "none", "--no-fuse-quantized", "-o", fake_quant});
  EXPECT_FALSE(contains(kept, "integer ops")) << kept;
  EXPECT_TRUE(contains(run_ok({"inspect", fused}), "QLinearConv"));
  EXPECT_FALSE(contains(run_ok({"inspect", fake_quant}), "QLinearConv"));

  const std::map<std::string, double> integer = quantized_sqnr(fused);
  const std::map<std::string, double> simulated = quantized_sqnr(fake_quant);
  ASSERT_GE(simulated.size(), 4u);
  // Every quantized activation of the fake-quant program is visible in the fused one too; the
  // integer ops round once where the float graph rounds at each QuantizeLinear, which moves the
  // SQNR against the float model by little (stated bound: 1 dB).
  for (const auto& [name, db] : simulated) {
    auto it = integer.find(name);
    ASSERT_NE(it, integer.end()) << name << " is not matched in the fused program";
    EXPECT_NEAR(it->second, db, 1.0) << name;
  }
}

TEST_F(FusedQuantizedCliTest, CompileFusesAQdqModelUnlessAskedNotTo) {
  const std::string qdq = path("model.qdq.onnx");
  run_ok({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", "random:4", "--batch", "4",
          "--backend", "none", "--onnx-out", qdq, "-o", path("unused.eqp")});
  const std::string fused = run_ok({"compile", qdq, "--backend", "none", "-o", path("a.eqp")});
  EXPECT_TRUE(contains(fused, "quantized group(s) into integer ops")) << fused;
  const std::string kept =
      run_ok({"compile", qdq, "--backend", "none", "--no-fuse-quantized", "-o", path("b.eqp")});
  EXPECT_FALSE(contains(kept, "into integer ops")) << kept;
  const std::string help = run_ok({"compile", "--help"});
  EXPECT_TRUE(contains(help, "--no-fuse-quantized")) << help;
}

TEST_F(FusedQuantizedCliTest, InspectAndBenchNameTheConvolutionEngine) {
  const std::string program = path("w8a8.eqp");
  run_ok({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", "random:4", "--batch", "4",
          "-o", program});
  const std::string why = run_ok({"inspect", program, "--why"});
  EXPECT_TRUE(contains(why, "int8 convolutions (engine chosen on this CPU at init):")) << why;
  EXPECT_TRUE(contains(why, "convolutions on edgeq's own ")) << why;
  for (const char* engine : {"own", "xnnpack", "auto"}) {
    const CliResult bench =
        run_edgeq({"bench", program, "--iters", "2", "--warmup", "0", "--conv-kernels", engine});
    EXPECT_EQ(bench.exit_code, 0) << engine << ": " << bench.output;
  }
  const CliResult bad = run_edgeq({"bench", program, "--conv-kernels", "fastest"});
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_TRUE(contains(bad.output, "--conv-kernels must be auto, xnnpack or own, not 'fastest'"))
      << bad.output;
}

}  // namespace
}  // namespace edgeq::tools
