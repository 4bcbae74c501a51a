// End-to-end: `edgeq quantize --scheme w8a8_dynamic | w4a8` on the demo CNN fuses its linear
// layer into DynamicQuantizeMatMul and delegates the whole model as ONE XNNPACK call (float
// convolutions on XNNPACK, the linear on edgeq's own kernels); its outputs match the same
// program built for the portable kernels (--backend none) within 1e-6 (measured: under 1e-7 on
// outputs of magnitude 0.3).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/tools/end_to_end/cli_runner.h"
#include "tools/npy.h"

namespace edgeq::tools {
namespace {

using testing::CliResult;
using testing::run_edgeq;

const std::string kModels = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/";
const std::string kDemoOnnx = kModels + "demo_cnn.onnx";
const std::string kDemoInput = kModels + "demo_cnn.input.npy";

void expect_success(const CliResult& result, const std::vector<std::string>& parts) {
  ASSERT_TRUE(result.exited) << "edgeq crashed:\n" << result.output;
  EXPECT_EQ(result.exit_code, 0) << result.output;
  for (const std::string& part : parts) {
    EXPECT_NE(result.output.find(part), std::string::npos) << "expected '" << part << "' in:\n"
                                                           << result.output;
  }
}

std::vector<float> read_floats(const std::string& path) {
  Result<NpyArray> array = read_npy(path);
  EXPECT_TRUE(array.ok()) << array.status().to_string();
  if (!array.ok()) return {};
  const float* p = array->view().data_as<const float>();
  return std::vector<float>(p, p + array->shape.numel());
}

class DynamicSchemesCliTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(std::string("dynamic_schemes_") + GetParam());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

TEST_P(DynamicSchemesCliTest, OneDelegateCallMatchingThePortableProgram) {
  const std::string scheme = GetParam();
  expect_success(run_edgeq({"quantize", kDemoOnnx, "--scheme", scheme, "-o", path("d.eqp")}),
                 {"scheme " + scheme});
  expect_success(run_edgeq({"quantize", kDemoOnnx, "--scheme", scheme, "--backend", "none", "-o",
                            path("p.eqp")}),
                 {});
  expect_success(run_edgeq({"inspect", path("d.eqp")}),
                 {"instructions: 1 (0 kernel calls, 1 delegate calls)"});
  expect_success(run_edgeq({"inspect", path("p.eqp")}), {"DynamicQuantizeMatMul"});
  expect_success(run_edgeq({"run", path("d.eqp"), "-i", kDemoInput, "-o", path("d.npy")}), {});
  expect_success(run_edgeq({"run", path("p.eqp"), "-i", kDemoInput, "-o", path("p.npy")}), {});
  const std::vector<float> delegated = read_floats(path("d.npy"));
  const std::vector<float> portable = read_floats(path("p.npy"));
  ASSERT_EQ(delegated.size(), portable.size());
  ASSERT_FALSE(delegated.empty());
  for (size_t i = 0; i < delegated.size(); ++i) {
    EXPECT_NEAR(delegated[i], portable[i], 1e-6f) << "output element " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Schemes, DynamicSchemesCliTest, ::testing::Values("w8a8_dynamic", "w4a8"));

}  // namespace
}  // namespace edgeq::tools
