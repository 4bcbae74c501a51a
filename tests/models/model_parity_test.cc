// Exported-model parity: each model exported by scripts/export_test_models.py (run by the ctest
// fixture export_test_models) is compiled to a program, run on the runtime's portable kernels, and
// its output compared with PyTorch's within rtol 1e-4, atol 1e-5.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "tests/conformance/compiled_model.h"
#include "tests/conformance/tensor_compare.h"
#include "tools/npy.h"

namespace edgeq::e2e {
namespace {
namespace fs = std::filesystem;

constexpr Tolerance kParityTolerance{1e-4, 1e-5};

HostTensor host_tensor_from(const tools::NpyArray& array) {
  return HostTensor::copy_of(array.view());
}

// Largest |value| of an f32 tensor.
double max_abs(const HostTensor& t) {
  const auto* v = reinterpret_cast<const float*>(t.bytes.data());
  double largest = 0;
  for (int64_t i = 0; i < t.shape.numel(); ++i)
    largest = std::max(largest, std::fabs(double{v[i]}));
  return largest;
}

// Prints the largest absolute and relative differences (f32 outputs of equal size).
void report_differences(const HostTensor& actual, const HostTensor& expected) {
  if (actual.dtype != DType::kF32 || actual.bytes.size() != expected.bytes.size()) return;
  const auto* a = reinterpret_cast<const float*>(actual.bytes.data());
  const auto* e = reinterpret_cast<const float*>(expected.bytes.data());
  double max_diff = 0, max_rel = 0;
  for (int64_t i = 0; i < expected.shape.numel(); ++i) {
    const double diff = std::fabs(static_cast<double>(a[i]) - e[i]);
    max_diff = std::max(max_diff, diff);
    if (e[i] != 0) max_rel = std::max(max_rel, diff / std::fabs(e[i]));
  }
  std::printf("max |diff| %.3g, max relative diff %.3g over %lld elements (max |reference| %.3g)\n",
              max_diff, max_rel, static_cast<long long>(expected.shape.numel()), max_abs(expected));
}

struct ParityCase {
  const char* model;
  Backend backend;
};

class ModelParity : public ::testing::TestWithParam<ParityCase> {};

TEST_P(ModelParity, MatchesPyTorch) {
  const fs::path dir = EDGEQ_EXPORTED_MODELS_DIR;
  const std::string name = GetParam().model;
  const fs::path model_path = dir / (name + ".onnx");
  if (!fs::exists(model_path)) {
    GTEST_SKIP() << model_path.string() << " was not exported: the export_test_models test "
                 << "needs python3 with torch and torchvision (Debian python3-torch, "
                 << "python3-torchvision); see its output";
  }
  auto input = tools::read_npy((dir / (name + ".input.npy")).string());
  ASSERT_TRUE(input.ok()) << input.status().to_string();
  auto expected = tools::read_npy((dir / (name + ".output.npy")).string());
  ASSERT_TRUE(expected.ok()) << expected.status().to_string();

  auto model = CompiledModel::compile(model_path.string(), GetParam().backend);
  ASSERT_TRUE(model.ok()) << model.status().to_string();
  if (GetParam().backend == Backend::kXnnpack) {
    // The CNNs must actually run on XNNPACK, not silently fall back to the portable kernels.
    EXPECT_GT(model->num_delegate_calls(), 0u);
  }
  ASSERT_EQ(model->num_inputs(), 1u);
  ASSERT_EQ(model->num_outputs(), 1u);
  auto outputs = model->run({host_tensor_from(*input)});
  ASSERT_TRUE(outputs.ok()) << outputs.status().to_string();

  const HostTensor reference = host_tensor_from(*expected);
  ASSERT_EQ(reference.dtype, DType::kF32);
  // A reference near zero everywhere would make the comparison vacuous (atol would cover it).
  ASSERT_GT(max_abs(reference), 1000 * kParityTolerance.atol) << "degenerate reference output";
  report_differences((*outputs)[0], reference);
  Status compared = compare_tensors((*outputs)[0], reference, kParityTolerance);
  EXPECT_TRUE(compared.ok()) << name << ": " << compared.to_string();
}

INSTANTIATE_TEST_SUITE_P(ExportedModels, ModelParity,
                         ::testing::Values(ParityCase{"mobilenet_v2", Backend::kPortable},
                                           ParityCase{"resnet18", Backend::kPortable},
                                           ParityCase{"transformer_encoder", Backend::kPortable},
                                           ParityCase{"mobilenet_v2", Backend::kXnnpack},
                                           ParityCase{"resnet18", Backend::kXnnpack},
                                           ParityCase{"transformer_encoder", Backend::kXnnpack}),
                         [](const ::testing::TestParamInfo<ParityCase>& info) {
                           return std::string(info.param.model) +
                                  (info.param.backend == Backend::kXnnpack ? "_xnnpack"
                                                                           : "_portable");
                         });

}  // namespace
}  // namespace edgeq::e2e
