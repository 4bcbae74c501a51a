// Helpers for the tests of the GEMM-based kernels (Gemm, MatMul, Conv, ConvTranspose): a run in
// which chosen inputs are unknown at prepare time (so weights are not pre-packed), with scratch
// and outputs pre-filled with NaN so reads of unwritten memory show.
#pragma once

#include <algorithm>
#include <limits>
#include <vector>

#include "runtime/core/aligned_buffer.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {

inline std::vector<TestTensor> run_kernel_with_runtime_inputs(
    OpType op, const Attributes& attrs, const std::vector<TestTensor>& inputs,
    const std::vector<int>& runtime_inputs) {
  auto kernel = runtime::create_portable_kernel(op);
  EXPECT_TRUE(kernel.ok());
  if (!kernel.ok()) return {};
  std::vector<TensorView> prepare_views, views;
  for (size_t i = 0; i < inputs.size(); ++i) {
    views.push_back(inputs[i].view());
    prepare_views.push_back(inputs[i].view());
    const bool hidden = std::find(runtime_inputs.begin(), runtime_inputs.end(),
                                  static_cast<int>(i)) != runtime_inputs.end();
    if (hidden) prepare_views.back().data = nullptr;
  }
  std::vector<TensorView> outputs(1);
  Status status =
      (*kernel)->prepare(attrs, Span<const TensorView>(prepare_views), Span<TensorView>(outputs));
  EXPECT_TRUE(status.ok()) << status.to_string();
  if (!status.ok()) return {};
  const size_t scratch_bytes = (*kernel)->scratch_bytes();
  AlignedBuffer scratch(scratch_bytes);
  std::fill_n(reinterpret_cast<float*>(scratch.data()), scratch_bytes / sizeof(float),
              std::numeric_limits<float>::quiet_NaN());
  TestTensor out{outputs[0].dtype, outputs[0].shape, {}};
  out.bytes.resize(outputs[0].nbytes());
  std::fill_n(reinterpret_cast<float*>(out.bytes.data()), out.bytes.size() / sizeof(float),
              std::numeric_limits<float>::quiet_NaN());
  outputs[0].data = out.bytes.data();
  status = (*kernel)->execute(Span<const TensorView>(views), Span<const TensorView>(outputs),
                              Span<uint8_t>(scratch.data(), scratch_bytes));
  EXPECT_TRUE(status.ok()) << status.to_string();
  return {out};
}

// Runs `op` twice, once with every input known at prepare (constant weights get pre-packed) and
// once with `runtime_inputs` unknown, and returns the two outputs.
inline std::pair<std::vector<float>, std::vector<float>> run_both_ways(
    OpType op, const Attributes& attrs, const std::vector<TestTensor>& inputs,
    const std::vector<int>& runtime_inputs, Shape* shape = nullptr) {
  auto constant = run_kernel(op, attrs, inputs);
  auto runtime = run_kernel_with_runtime_inputs(op, attrs, inputs, runtime_inputs);
  if (constant.empty() || runtime.empty()) {
    ADD_FAILURE() << op_name(op) << " did not run";
    return {};
  }
  EXPECT_EQ(constant[0].shape, runtime[0].shape);
  if (shape != nullptr) *shape = constant[0].shape;
  return {constant[0].values<float>(), runtime[0].values<float>()};
}

}  // namespace edgeq::testing
