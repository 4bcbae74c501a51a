#include "tests/xnnpack_kernels/linear_reference.h"

#include <cmath>
#include <cstdlib>
#include <random>

#include "runtime/core/aligned_buffer.h"
#include "runtime/core/dtype.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::xnnpack::testing {

QuantizedRows runtime_dynamic_quantize(const std::vector<float>& x, int64_t rows, int64_t k) {
  Attributes attrs;
  attrs.set("dtype", std::string("i8"));
  attrs.set("granularity", std::string("per_token"));
  const TensorView input(DType::kF32, Shape{rows, k}, const_cast<float*>(x.data()));
  auto outputs = runtime::evaluate_kernel(OpType::kDynamicQuantize, attrs,
                                          Span<const TensorView>(&input, 1), 3);
  if (!outputs.ok()) std::abort();  // the reference itself must work
  QuantizedRows result;
  const auto& out = outputs.value();
  const int8_t* q = out[0].view.data_as<const int8_t>();
  const float* scale = out[1].view.data_as<const float>();
  const int8_t* zero_point = out[2].view.data_as<const int8_t>();
  result.q.assign(q, q + rows * k);
  result.scale.assign(scale, scale + rows);
  result.zero_point.assign(zero_point, zero_point + rows);
  return result;
}

std::vector<uint8_t> LinearWeights::int4_packed() const {
  std::vector<uint8_t> packed(static_cast<size_t>((n * k + 1) / 2), 0);
  for (int64_t i = 0; i < n * k; ++i) int4_set(packed.data(), static_cast<size_t>(i), w[i]);
  return packed;
}

Result<PackedLinear> LinearWeights::pack(LinearScheme scheme) const {
  const float* b = bias.empty() ? nullptr : bias.data();
  if (scheme == LinearScheme::kDynamicInt8) {
    return pack_dynamic_int8_linear(w.data(), scales.data(), b, n, k);
  }
  const std::vector<uint8_t> packed = int4_packed();
  return pack_8da4w_linear(packed.data(), scales.data(), b, n, k, group);
}

LinearWeights random_weights(LinearScheme scheme, int64_t n, int64_t k, int64_t group,
                             bool with_bias, uint32_t seed) {
  std::mt19937 rng(seed);
  const bool int4 = scheme == LinearScheme::kInt8DynActInt4Weight;
  std::uniform_int_distribution<int> value(int4 ? -8 : -128, int4 ? 7 : 127);
  std::uniform_real_distribution<float> scale(0.001f, 0.02f);
  LinearWeights weights;
  weights.n = n;
  weights.k = k;
  weights.group = int4 ? group : k;
  for (int64_t i = 0; i < n * k; ++i) weights.w.push_back(static_cast<int8_t>(value(rng)));
  for (int64_t i = 0; i < n * weights.groups(); ++i) weights.scales.push_back(scale(rng));
  std::uniform_real_distribution<float> bias(-1.f, 1.f);
  for (int64_t i = 0; with_bias && i < n; ++i) weights.bias.push_back(bias(rng));
  return weights;
}

std::vector<float> random_input(int64_t rows, int64_t k, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-2.f, 3.f);
  std::vector<float> x(static_cast<size_t>(rows * k));
  for (auto& v : x) v = dist(rng);
  return x;
}

std::vector<float> reference_linear(LinearScheme scheme, const LinearWeights& weights,
                                    const std::vector<float>& x, int64_t rows,
                                    std::vector<float>* magnitude) {
  const int64_t n = weights.n, k = weights.k, groups = weights.groups();
  const QuantizedRows a = runtime_dynamic_quantize(x, rows, k);
  std::vector<float> y(static_cast<size_t>(rows * n));
  magnitude->assign(y.size(), 0.f);
  for (int64_t m = 0; m < rows; ++m) {
    for (int64_t c = 0; c < n; ++c) {
      const float bias = weights.bias.empty() ? 0.f : weights.bias[c];
      float f = 0.f, size = 0.f;
      int64_t whole_row_acc = 0;  // dynamic int8: the one group is the whole row
      for (int64_t g = 0; g < groups; ++g) {
        int64_t acc = 0;
        for (int64_t kk = g * weights.group; kk < std::min(k, (g + 1) * weights.group); ++kk) {
          acc += (a.q[m * k + kk] - a.zero_point[m]) * int64_t{weights.w[c * k + kk]};
        }
        whole_row_acc = acc;
        const float term = static_cast<float>(acc) * weights.scales[c * groups + g];
        f = f + term;
        size += std::fabs(term);
      }
      float out = 0.f;
      if (scheme == LinearScheme::kDynamicInt8) {
        out = static_cast<float>(whole_row_acc) * (a.scale[m] * weights.scales[c]) + bias;
      } else {
        out = f * a.scale[m] + bias;
      }
      y[m * n + c] = out;
      (*magnitude)[m * n + c] = size * a.scale[m] + std::fabs(bias);
    }
  }
  return y;
}

Result<std::vector<float>> run_packed(const PackedLinear& packed, const std::vector<float>& x,
                                      int64_t rows, LinearIsa isa) {
  AlignedBuffer scratch(linear_scratch_bytes(packed, rows));
  std::vector<float> y(static_cast<size_t>(rows * packed.n()), -12345.f);
  EDGEQ_RETURN_IF_ERROR(run_linear(packed, x.data(), rows, y.data(),
                                   Span<uint8_t>(scratch.data(), scratch.size()), isa));
  return y;
}

}  // namespace edgeq::xnnpack::testing
