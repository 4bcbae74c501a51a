// End-to-end tests of edgeq quantize and edgeq export-onnx on the demo CNN: a quantized program
// runs, exports to ONNX and comes back identical; bad calibration data and impossible requests
// are errors that name the problem.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "onnx/onnx_pb.h"
#include "tests/tools/end_to_end/cli_runner.h"
#include "tools/file_io.h"
#include "tools/npy.h"

namespace edgeq::tools {
namespace {

using testing::CliResult;
using testing::run_edgeq;

const std::string kModels = std::string(EDGEQ_SOURCE_DIR) + "/examples/models/";
const std::string kDemoOnnx = kModels + "demo_cnn.onnx";
const std::string kDemoInput = kModels + "demo_cnn.input.npy";  // f32 [2, 3, 32, 32]

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_exit(const CliResult& result, int code, const std::vector<std::string>& parts) {
  ASSERT_TRUE(result.exited) << "edgeq crashed:\n" << result.output;
  EXPECT_EQ(result.exit_code, code) << result.output;
  for (const std::string& part : parts) {
    EXPECT_TRUE(contains(result.output, part)) << "expected '" << part << "' in:\n"
                                               << result.output;
  }
  EXPECT_FALSE(contains(result.output, "Sanitizer")) << result.output;
  EXPECT_FALSE(contains(result.output, "runtime error:")) << result.output;
}

std::vector<float> read_floats(const std::string& path) {
  Result<NpyArray> array = read_npy(path);
  EXPECT_TRUE(array.ok()) << array.status().to_string();
  if (!array.ok()) return {};
  const float* p = array->view().data_as<const float>();
  return std::vector<float>(p, p + array->shape.numel());
}

class QuantizeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  std::string dir_;
};

TEST_F(QuantizeCliTest, W8a8ProgramRunsAndSurvivesExportOnnx) {
  // The demo input doubles as calibration data: two samples, batch size 1.
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput,
                         "--backend", "none", "--onnx-out", path("q.onnx"), "-o", path("q.eqp")}),
              0, {"quantized", "scheme w8a8", "2 samples in 2 batches of 1", "QDQ ONNX"});
  expect_exit(run_edgeq({"run", path("q.eqp"), "--input", kDemoInput, "--output", path("q.npy")}),
              0, {});
  const std::vector<float> quantized = read_floats(path("q.npy"));
  const std::vector<float> reference = read_floats(kModels + "demo_cnn.output.npy");
  ASSERT_EQ(quantized.size(), reference.size());
  double error = 0, signal = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    error += (quantized[i] - reference[i]) * (quantized[i] - reference[i]);
    signal += reference[i] * reference[i];
  }
  EXPECT_GT(10 * std::log10(signal / error), 15.0) << "w8a8 output SQNR too low";

  // The program exported back to ONNX, compiled and run, gives the very same outputs; so does
  // the --onnx-out file.
  expect_exit(run_edgeq({"export-onnx", path("q.eqp"), "-o", path("e.onnx")}), 0, {"opset 13"});
  for (const std::string& onnx : {path("e.onnx"), path("q.onnx")}) {
    expect_exit(run_edgeq({"compile", onnx, "--backend", "none", "-o", path("e.eqp")}), 0, {});
    expect_exit(run_edgeq({"run", path("e.eqp"), "--input", kDemoInput, "--output", path("e.npy")}),
                0, {});
    EXPECT_EQ(read_floats(path("e.npy")), quantized) << onnx;
  }
}

TEST_F(QuantizeCliTest, AutoFallbackKeepsNodesFloatUntilTheTargetIsReached) {
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput,
                         "--auto-fallback", "50", "--backend", "none", "-o", path("a.eqp")}),
              0, {"auto-fallback to 50.00 dB: reached", "kept float"});
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput,
                         "--auto-fallback", "lots", "-o", path("b.eqp")}),
              1, {"--auto-fallback takes a target SQNR in dB"});
  EXPECT_FALSE(std::filesystem::exists(path("b.eqp")));
}

TEST_F(QuantizeCliTest, SensitivityRanksTheQuantizedNodes) {
  // The demo CNN's first convolution is quantized, so it is in the ranking.
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput,
                         "--sensitivity", "--backend", "none", "-o", path("s.eqp")}),
              0,
              {"with every node quantized", "node kept float", "gain (dB)", "/stem/stem.0/Conv"});
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8_dynamic", "--sensitivity", "-o",
                         path("t.eqp")}),
              1, {"--sensitivity measures the output SQNR on --calib data"});
}

TEST_F(QuantizeCliTest, ExportOnnxOfADelegatedProgramSaysHowToAvoidIt) {
  expect_exit(run_edgeq({"compile", kDemoOnnx, "--backend", "xnnpack", "-o", path("x.eqp")}), 0,
              {});
  expect_exit(run_edgeq({"export-onnx", path("x.eqp"), "-o", path("x.onnx")}), 1,
              {"xnnpack", "--backend none", "--onnx-out"});
}

TEST_F(QuantizeCliTest, BadCalibrationDataIsAnErrorNamingTheFile) {
  std::vector<float> values(2 * 3 * 16 * 16, 0.5f);
  ASSERT_TRUE(
      write_npy(path("small.npy"), TensorView(DType::kF32, Shape({2, 3, 16, 16}), values.data()))
          .ok());
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", path("small.npy"),
                         "-o", path("q.eqp")}),
              1, {"small.npy", "[2, 3, 16, 16]", "[N, 3, 32, 32]"});
  std::filesystem::create_directories(path("empty"));
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", path("empty"), "-o",
                         path("q.eqp")}),
              1, {"empty", "no .npy"});
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "-o", path("q.eqp")}), 1,
              {"--calib"});
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w9a9", "--calib", "random", "-o",
                         path("q.eqp")}),
              1, {"w9a9"});
  EXPECT_FALSE(std::filesystem::exists(path("q.eqp")));
}

TEST_F(QuantizeCliTest, IntegerOnlyListsTheNodesThatStayFloat) {
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "weight_only_int8", "--integer-only",
                         "-o", path("q.eqp")}),
              1, {"--integer-only", "would run in float", "(Conv)"});
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", "random:2",
                         "--exclude", ".*", "--integer-only", "-o", path("q.eqp")}),
              1, {"would run in float"});
}

onnx::ModelProto read_onnx(const std::string& path) {
  onnx::ModelProto model;
  Result<std::vector<uint8_t>> bytes = read_file_bytes(path);
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  if (bytes.ok()) {
    EXPECT_TRUE(model.ParseFromArray(bytes->data(), static_cast<int>(bytes->size())));
  }
  return model;
}

// A zero point initializer (int8 or uint8): its dtype and codes.
struct ZeroPoint {
  int dtype = 0;
  std::vector<int> codes;
};

ZeroPoint zero_point_of(const onnx::GraphProto& graph, const std::string& name, int shift = 0) {
  for (const onnx::TensorProto& tensor : graph.initializer()) {
    if (tensor.name() != name) continue;
    ZeroPoint zero_point{tensor.data_type(), {}};
    for (char byte : tensor.raw_data()) {
      const int code = tensor.data_type() == onnx::TensorProto::INT8 ? static_cast<int8_t>(byte)
                                                                     : static_cast<uint8_t>(byte);
      zero_point.codes.push_back(code + shift);
    }
    EXPECT_FALSE(zero_point.codes.empty()) << name;
    return zero_point;
  }
  ADD_FAILURE() << "no initializer '" << name << "'";
  return {};
}

const onnx::TensorProto* initializer(const onnx::GraphProto& graph, const std::string& name) {
  for (const onnx::TensorProto& tensor : graph.initializer()) {
    if (tensor.name() == name) return &tensor;
  }
  return nullptr;
}

// The uint8 export of `int8_path` (written to `uint8_path`) quantizes every activation with the
// int8 export's zero point + 128, keeps weights int8, and changes nothing else node by node.
void expect_uint8_form_of(const std::string& int8_path, const std::string& uint8_path) {
  const onnx::ModelProto int8_model = read_onnx(int8_path);
  const onnx::ModelProto uint8_model = read_onnx(uint8_path);
  const onnx::GraphProto& i8 = int8_model.graph();
  const onnx::GraphProto& u8 = uint8_model.graph();
  ASSERT_EQ(i8.node_size(), u8.node_size());
  int activation_zero_points = 0, weights = 0;
  for (int n = 0; n < i8.node_size(); ++n) {
    const onnx::NodeProto& a = i8.node(n);
    const onnx::NodeProto& b = u8.node(n);
    ASSERT_EQ(a.op_type(), b.op_type());
    ASSERT_EQ(a.input_size(), b.input_size()) << a.name();
    for (int i = 0; i < a.input_size(); ++i) {
      const onnx::TensorProto* tensor = initializer(i8, a.input(i));
      const bool zero_point = a.input(i).find("zero_point") != std::string::npos;
      if (tensor == nullptr || !zero_point || tensor->data_type() != onnx::TensorProto::INT8) {
        continue;
      }
      // A zero point of a constant int8 tensor (a weight) stays; an activation's moves by 128.
      const bool weight =
          (a.op_type() == "DequantizeLinear" && initializer(i8, a.input(0)) != nullptr) ||
          ((a.op_type() == "QLinearConv" || a.op_type() == "QLinearMatMul") && i == 5);
      const ZeroPoint expected = zero_point_of(i8, a.input(i), weight ? 0 : 128);
      const ZeroPoint after = zero_point_of(u8, b.input(i));
      EXPECT_EQ(after.dtype, weight ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8)
          << b.name() << " input " << i;
      EXPECT_EQ(after.codes, expected.codes) << b.name() << " input " << i;
      ++(weight ? weights : activation_zero_points);
    }
  }
  EXPECT_GT(activation_zero_points, 0);
  EXPECT_GT(weights, 0);
}

TEST_F(QuantizeCliTest, Uint8ActivationExportsComputeTheSameOutputs) {
  expect_exit(
      run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput, "--backend",
                 "none", "--onnx-out", path("q_i8.onnx"), "-o", path("q.eqp")}),
      0, {"QDQ ONNX"});
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput,
                         "--backend", "none", "--onnx-out", path("q_u8.onnx"), "--onnx-activations",
                         "uint8", "-o", path("q2.eqp")}),
              0, {"QDQ ONNX"});
  // The fused program (QLinear* ops) exported both ways.
  expect_exit(run_edgeq({"export-onnx", path("q.eqp"), "-o", path("e_i8.onnx")}), 0, {});
  expect_exit(
      run_edgeq({"export-onnx", path("q.eqp"), "-o", path("e_u8.onnx"), "--activations", "uint8"}),
      0, {"opset 13"});
  expect_uint8_form_of(path("q_i8.onnx"), path("q_u8.onnx"));
  expect_uint8_form_of(path("e_i8.onnx"), path("e_u8.onnx"));

  expect_exit(run_edgeq({"run", path("q.eqp"), "--input", kDemoInput, "--output", path("q.npy")}),
              0, {});
  const std::vector<float> expected = read_floats(path("q.npy"));
  ASSERT_FALSE(expected.empty());
  for (const char* onnx : {"q_i8.onnx", "q_u8.onnx", "e_i8.onnx", "e_u8.onnx"}) {
    expect_exit(run_edgeq({"compile", path(onnx), "--backend", "none", "-o", path("c.eqp")}), 0,
                {});
    expect_exit(run_edgeq({"run", path("c.eqp"), "--input", kDemoInput, "--output", path("c.npy")}),
                0, {});
    EXPECT_EQ(read_floats(path("c.npy")), expected) << onnx;
  }
}

TEST_F(QuantizeCliTest, BadOnnxActivationsAreErrors) {
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput,
                         "--backend", "none", "-o", path("q.eqp")}),
              0, {});
  expect_exit(
      run_edgeq({"export-onnx", path("q.eqp"), "-o", path("e.onnx"), "--activations", "int4"}), 1,
      {"--activations takes int8 or uint8, not 'int4'"});
  EXPECT_FALSE(std::filesystem::exists(path("e.onnx")));
  expect_exit(
      run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput, "--onnx-out",
                 path("e.onnx"), "--onnx-activations", "u8", "-o", path("r.eqp")}),
      1, {"--onnx-activations takes int8 or uint8, not 'u8'"});
  expect_exit(run_edgeq({"quantize", kDemoOnnx, "--scheme", "w8a8", "--calib", kDemoInput,
                         "--onnx-activations", "uint8", "-o", path("r.eqp")}),
              1, {"--onnx-activations", "--onnx-out"});
  EXPECT_FALSE(std::filesystem::exists(path("e.onnx")));
  EXPECT_FALSE(std::filesystem::exists(path("r.eqp")));
}

}  // namespace
}  // namespace edgeq::tools
