// The linear kernels' argument checks (each bad argument is a Status naming it) and the
// activation quantization, which must equal the runtime's DynamicQuantize bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include "delegate/xnnpack/kernels/linear_kernels.h"
#include "delegate/xnnpack/kernels/linear_layout.h"
#include "tests/xnnpack_kernels/linear_reference.h"

namespace edgeq::xnnpack::testing {
namespace {

void expect_invalid(const Status& status, const std::string& fragment) {
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.to_string();
  EXPECT_NE(status.to_string().find(fragment), std::string::npos)
      << "'" << status.to_string() << "' does not mention '" << fragment << "'";
}

void expect_quantized_like(const PackedLinear& packed, const std::vector<float>& x, int64_t rows,
                           LinearIsa isa, const QuantizedRows& expected) {
  const int64_t k = packed.k();
  AlignedBuffer scratch(linear_scratch_bytes(packed, rows));
  ASSERT_TRUE(quantize_linear_input(packed, x.data(), rows,
                                    Span<uint8_t>(scratch.data(), scratch.size()), isa)
                  .ok());
  const int64_t stride = linear_internal::dynamic_int8_geometry(k).act_stride;
  const float* scales = reinterpret_cast<const float*>(scratch.data() + rows * stride);
  const int32_t* zero_points = reinterpret_cast<const int32_t*>(scales + rows);
  for (int64_t r = 0; r < rows; ++r) {
    SCOPED_TRACE("row " + std::to_string(r));
    EXPECT_EQ(std::memcmp(&scales[r], &expected.scale[r], sizeof(float)), 0)
        << scales[r] << " vs " << expected.scale[r];
    EXPECT_EQ(zero_points[r], expected.zero_point[r]);
    const int8_t* q = reinterpret_cast<const int8_t*>(scratch.data() + r * stride);
    for (int64_t i = 0; i < k; ++i) ASSERT_EQ(q[i], expected.q[r * k + i]) << "element " << i;
    for (int64_t i = k; i < stride; ++i) ASSERT_EQ(q[i], 0) << "padding " << i;
  }
}

TEST(LinearQuantizeTest, MatchesTheRuntimeDynamicQuantizeBitForBit) {
  const int64_t rows = 6, k = 77;
  std::vector<float> x = random_input(rows, k, 3);
  for (int64_t i = 0; i < k; ++i) {
    x[1 * k + i] = 0.f;                                      // all zero: scale 1
    x[2 * k + i] = std::fabs(x[2 * k + i]);                  // all positive: lo = 0
    x[3 * k + i] = -std::fabs(x[3 * k + i]);                 // all negative: hi = 0
    x[4 * k + i] = 1e-30f * (i % 3);                         // tiny range: scale floored at epsilon
    x[5 * k + i] = 0.5f * static_cast<float>(i % 7) - 1.5f;  // ties for round-half-even
  }
  const LinearWeights weights = random_weights(LinearScheme::kDynamicInt8, 3, k, k, false, 4);
  auto packed = weights.pack(LinearScheme::kDynamicInt8);
  ASSERT_TRUE(packed.ok());
  const QuantizedRows expected = runtime_dynamic_quantize(x, rows, k);
  for (LinearIsa isa : {LinearIsa::kPortable, LinearIsa::kAvx2, LinearIsa::kAvx512Vnni}) {
    if (!linear_isa_supported(isa)) {
      std::printf("skipping the %s path: not available on this CPU\n", linear_isa_name(isa));
      continue;
    }
    SCOPED_TRACE(linear_isa_name(isa));
    expect_quantized_like(*packed, x, rows, isa, expected);
  }
}

TEST(LinearArgumentsTest, PackRejectsBadWeights) {
  const std::vector<int8_t> w(64, 1);
  const std::vector<float> scales(64, 0.5f);
  expect_invalid(pack_dynamic_int8_linear(nullptr, scales.data(), nullptr, 2, 4).status(),
                 "must not be null");
  expect_invalid(pack_dynamic_int8_linear(w.data(), scales.data(), nullptr, 0, 4).status(),
                 "N (output channels)");
  expect_invalid(pack_dynamic_int8_linear(w.data(), scales.data(), nullptr, 2, 0).status(),
                 "K (input channels)");
  expect_invalid(
      pack_dynamic_int8_linear(w.data(), scales.data(), nullptr, 1, kMaxLinearK + 1).status(),
      "K (input channels)");
  std::vector<float> bad_scales = scales;
  bad_scales[1] = 0.f;
  expect_invalid(pack_dynamic_int8_linear(w.data(), bad_scales.data(), nullptr, 2, 4).status(),
                 "weight scale 1");
  bad_scales[1] = std::numeric_limits<float>::quiet_NaN();
  expect_invalid(pack_dynamic_int8_linear(w.data(), bad_scales.data(), nullptr, 2, 4).status(),
                 "weight scale 1");
  std::vector<float> bias = {0.f, std::numeric_limits<float>::infinity()};
  expect_invalid(pack_dynamic_int8_linear(w.data(), scales.data(), bias.data(), 2, 4).status(),
                 "bias 1");

  const std::vector<uint8_t> nibbles(64, 0x11);
  for (int64_t group : {0, 16, 24, 33, 264, 512}) {
    expect_invalid(pack_8da4w_linear(nibbles.data(), scales.data(), nullptr, 2, 64, group).status(),
                   "group size");
  }
  // Two groups per row for k = 40, group 32: the scale of row 1, group 1 is index 3.
  bad_scales = scales;
  bad_scales[3] = -1.f;
  expect_invalid(pack_8da4w_linear(nibbles.data(), bad_scales.data(), nullptr, 2, 40, 32).status(),
                 "weight scale 3");
  EXPECT_TRUE(pack_8da4w_linear(nibbles.data(), scales.data(), nullptr, 2, 40, 32).ok());
}

TEST(LinearArgumentsTest, RunRejectsBadInputs) {
  const int64_t rows = 2, k = 8, n = 3;
  const LinearWeights weights = random_weights(LinearScheme::kDynamicInt8, n, k, k, true, 9);
  auto packed = weights.pack(LinearScheme::kDynamicInt8);
  ASSERT_TRUE(packed.ok());
  std::vector<float> x = random_input(rows, k, 10);
  std::vector<float> y(rows * n);
  AlignedBuffer scratch(linear_scratch_bytes(*packed, rows));
  const Span<uint8_t> span(scratch.data(), scratch.size());

  x[k + 5] = std::numeric_limits<float>::quiet_NaN();
  expect_invalid(run_linear(*packed, x.data(), rows, y.data(), span), "element 13");
  x[k + 5] = 0.f;
  expect_invalid(run_linear(*packed, x.data(), rows, y.data(), span.subspan(0, 8)),
                 "scratch has 8 bytes");
  expect_invalid(run_linear(*packed, nullptr, rows, y.data(), span), "input is null");
  expect_invalid(run_linear(*packed, x.data(), -1, y.data(), span), "rows must be >= 0");
  expect_invalid(run_linear(PackedLinear(), x.data(), rows, y.data(), span), "not packed");
  expect_invalid(run_linear(*packed, x.data(), rows, nullptr, span), "output is null");
  ASSERT_TRUE(quantize_linear_input(*packed, x.data(), rows, span).ok());
  expect_invalid(compute_linear_columns(*packed, span, rows, 2, 4, y.data()),
                 "column range [2, 4)");
  expect_invalid(compute_linear_columns(*packed, span, rows, 2, 1, y.data()),
                 "column range [2, 1)");
  // Zero rows is a valid (empty) multiply.
  EXPECT_TRUE(run_linear(*packed, x.data(), 0, y.data(), span).ok());
}

TEST(LinearArgumentsTest, AnUnavailablePathIsUnimplemented) {
  if (linear_isa_supported(LinearIsa::kAvx2) && linear_isa_supported(LinearIsa::kAvx512Vnni)) {
    GTEST_SKIP() << "this CPU runs every path";
  }
  for (LinearIsa isa : {LinearIsa::kAvx2, LinearIsa::kAvx512Vnni}) {
    if (linear_isa_supported(isa)) continue;
    const LinearWeights weights = random_weights(LinearScheme::kDynamicInt8, 2, 4, 4, false, 1);
    auto packed = weights.pack(LinearScheme::kDynamicInt8);
    ASSERT_TRUE(packed.ok());
    const Status status = run_packed(*packed, random_input(1, 4, 2), 1, isa).status();
    EXPECT_EQ(status.code(), StatusCode::kUnimplemented) << status.to_string();
    EXPECT_NE(status.to_string().find(linear_isa_name(isa)), std::string::npos);
  }
}

}  // namespace
}  // namespace edgeq::xnnpack::testing
