// QuantizeLinear / DequantizeLinear of run-time values as XNNPACK Convert nodes vs the portable
// kernels. DequantizeLinear ((q - zero_point) * scale in f32) is bit-exact. QuantizeLinear is not:
// the portable kernel divides x / scale as ONNX writes it, XNNPACK 2022 multiplies by 1 / scale,
// and the two products round differently for some x, moving the result by one code. The mismatch
// is measured here on random inputs and on inputs placed exactly half-way between codes (where it
// concentrates); the bound asserted is at most one code. With a power-of-two scale both are exact.
#include <cstdio>

#include "tests/delegate/quantized_case.h"

namespace edgeq::testing {
namespace {

TEST(QuantizeConvertDelegateTest, DequantizeIsBitExact) {
  for (DType dtype : {DType::kI8, DType::kU8}) {
    for (uint32_t seed = 1; seed <= 4; ++seed) {
      QuantizedCase q(seed);
      const int zp = q.random_int(-40, 40) + (dtype == DType::kI8 ? 0 : 128);
      q.node(OpType::kDequantizeLinear,
             {q.codes_input({2, 3, 5, 7}, dtype), q.scale(q.random_scale(1e-4f, 0.5f)),
              q.zero_point(zp, dtype)});
      expect_delegate_bit_exact(q);
    }
  }
}

// Runs QuantizeLinear on `x` (f32) with random scales; the differing codes.
Mismatch quantize_mismatch(const std::vector<float>& x, float scale, int zp, DType dtype) {
  QuantizedCase q;
  ir::Value* input = q.graph.add_value("x", DType::kF32, {static_cast<int64_t>(x.size())});
  q.graph.add_input(input);
  q.feeds.push_back(make_tensor<float>({static_cast<int64_t>(x.size())}, x));
  q.node(OpType::kQuantizeLinear, {input, q.scale(scale), q.zero_point(zp, dtype)});
  return delegate_mismatch(q);
}

TEST(QuantizeConvertDelegateTest, QuantizeDiffersByAtMostOneCode) {
  Mismatch random_inputs, half_way, power_of_two;
  std::mt19937 rng(5);
  for (int trial = 0; trial < 40; ++trial) {
    const DType dtype = trial % 2 == 0 ? DType::kI8 : DType::kU8;
    const int zp =
        std::uniform_int_distribution<int>(-30, 30)(rng) + (dtype == DType::kI8 ? 0 : 128);
    const float scale = std::uniform_real_distribution<float>(1e-3f, 0.1f)(rng);
    // Random reals covering the whole code range, and the exact half-way points (k + 0.5) * scale.
    std::vector<float> x = random_floats(4096, trial + 1, -140.f * scale, 140.f * scale);
    random_inputs.merge(quantize_mismatch(x, scale, zp, dtype));
    std::vector<float> ties;
    for (int k = -140; k < 140; ++k) ties.push_back((static_cast<float>(k) + 0.5f) * scale);
    half_way.merge(quantize_mismatch(ties, scale, zp, dtype));
    power_of_two.merge(quantize_mismatch(x, std::ldexp(1.f, -3 - trial % 5), zp, dtype));
  }
  std::printf(
      "QuantizeLinear on XNNPACK vs portable: %lld of %lld random inputs and %lld of %lld "
      "half-way inputs differ (max %d code); power-of-two scales: %lld of %lld\n",
      static_cast<long long>(random_inputs.count), static_cast<long long>(random_inputs.total),
      static_cast<long long>(half_way.count), static_cast<long long>(half_way.total),
      std::max(random_inputs.max_difference, half_way.max_difference),
      static_cast<long long>(power_of_two.count), static_cast<long long>(power_of_two.total));
  EXPECT_LE(random_inputs.max_difference, 1);
  EXPECT_LE(half_way.max_difference, 1);
  EXPECT_LE(random_inputs.count * 1000, random_inputs.total);  // under 0.1 %
  EXPECT_EQ(power_of_two.count, 0);
}

TEST(QuantizeConvertDelegateTest, RefusalsSayWhy) {
  QuantizedCase per_axis;
  Attributes axis;
  axis.set("axis", int64_t{1});
  per_axis.node(OpType::kDequantizeLinear,
                {per_axis.codes_input({2, 3}), per_axis.scales({0.1f, 0.2f, 0.3f}),
                 per_axis.codes_constant({3}, DType::kI8, {0, 0, 0})},
                axis);
  EXPECT_EQ(last_node_refusal(per_axis),
            "DequantizeLinear: per-axis parameters (XNNPACK 2022 converts per tensor)");
  QuantizedCase weights;
  weights.node(OpType::kDequantizeLinear,
               {weights.codes_constant({4, 4}), weights.scale(0.1f), weights.zero_point(0)});
  EXPECT_EQ(last_node_refusal(weights),
            "DequantizeLinear: constant input (left to constant folding)");
}

}  // namespace
}  // namespace edgeq::testing
