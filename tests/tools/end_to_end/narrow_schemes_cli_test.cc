// End-to-end: W8A16 and fp16 programs through the edgeq executable. `inspect --why` counts the
// quantized nodes, says that int16 stays portable because XNNPACK 2022 has no int16 datatype, and
// marks the weight-widening nodes that run once at init; the fp16 file keeps its weights at half
// size; both programs run.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/tools/end_to_end/cli_runner.h"

namespace edgeq::tools {
namespace {

using testing::CliResult;
using testing::run_edgeq;

const std::string kDemoOnnx = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/demo_cnn.onnx";

void expect_success(const CliResult& result, const std::vector<std::string>& parts) {
  ASSERT_TRUE(result.exited) << "edgeq crashed:\n" << result.output;
  EXPECT_EQ(result.exit_code, 0) << result.output;
  for (const std::string& part : parts) {
    EXPECT_NE(result.output.find(part), std::string::npos) << "expected '" << part << "' in:\n"
                                                           << result.output;
  }
}

class NarrowSchemesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

TEST_F(NarrowSchemesCliTest, W8A16ExplainsWhyInt16StaysPortable) {
  expect_success(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a16", "--calib", "random:2", "-o",
                            path("w8a16.eqp")}),
                 {"scheme w8a16"});
  const CliResult why = run_edgeq({"inspect", path("w8a16.eqp"), "--why"});
  expect_success(why, {"quantized: ", " portable (int16: ", "[i16]",
                       "is int16; XNNPACK 2022 has no int16 datatype"});
  // Some int16 node is counted: the summary does not say "(int16: 0)".
  EXPECT_EQ(why.output.find("(int16: 0)"), std::string::npos) << why.output;
  expect_success(run_edgeq({"run", path("w8a16.eqp")}), {"output"});
}

// On XNNPACK the weight widenings (Cast of fp16, DequantizeLinear of int8) join the delegate call
// (the payload keeps the narrow bytes, widened at init); on the portable kernels they run once when
// the Method is created. Both files stay small and compute the same outputs.
void expect_narrow_weights(const std::string& dir, const std::string& scheme, double max_ratio) {
  const auto path = [&](const std::string& name) { return dir + "/" + scheme + name; };
  expect_success(run_edgeq({"compile", kDemoOnnx, "-o", path("_f32.eqp")}), {});
  expect_success(
      run_edgeq({"quantize", kDemoOnnx, "--scheme", scheme, "-o", path("_delegated.eqp")}),
      {"scheme " + scheme});
  expect_success(run_edgeq({"quantize", kDemoOnnx, "--scheme", scheme, "--backend", "none", "-o",
                            path("_portable.eqp")}),
                 {"scheme " + scheme});
  const double f32_bytes = static_cast<double>(std::filesystem::file_size(path("_f32.eqp")));
  for (const char* name : {"_delegated.eqp", "_portable.eqp"}) {
    const double bytes = static_cast<double>(std::filesystem::file_size(path(name)));
    EXPECT_LT(bytes, max_ratio * f32_bytes) << scheme << name << ": " << bytes << " bytes";
  }
  expect_success(run_edgeq({"inspect", path("_delegated.eqp"), "--why"}),
                 {"in 1 partition; 0 portable"});
  expect_success(run_edgeq({"inspect", path("_portable.eqp")}), {"(runs once at init)"});
  const CliResult delegated = run_edgeq({"run", path("_delegated.eqp")});
  const CliResult portable = run_edgeq({"run", path("_portable.eqp")});
  expect_success(delegated, {"output"});
  expect_success(portable, {"output"});
  // Same weights, so the printed outputs (6 significant digits) agree.
  const auto logits = [](const std::string& out) { return out.substr(out.find("output")); };
  EXPECT_EQ(logits(delegated.output), logits(portable.output)) << scheme;
}

TEST_F(NarrowSchemesCliTest, Fp16WeightsStayHalfSizeAndWidenOnceAtInit) {
  expect_narrow_weights(path(""), "fp16", 0.7);
}

TEST_F(NarrowSchemesCliTest, Int8WeightsStayQuarterSizeAndWidenOnceAtInit) {
  expect_narrow_weights(path(""), "weight_only_int8", 0.45);
}

}  // namespace
}  // namespace edgeq::tools
