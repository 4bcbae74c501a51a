// The own linear kernels (delegate/xnnpack/kernels) on issue 5's 4-block MLP (1024 -> 4096 ->
// 1024, eight linear layers, no bias) at 1 and 64 tokens, single threaded, side by side with the
// runtime's f32 GEMM on the same shapes and with memcpy of a buffer as large as the int8
// weights, all in one run. Counters: "weight_GB/s" is the bytes of packed weights one pass reads
// per second (the GEMV figure to hold against memcpy's "GB/s"). Medians of 5 repetitions.
//   linear_kernels_bench --benchmark_filter=Mlp
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <vector>

#include "delegate/xnnpack/kernels/linear_kernels.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/core/dtype.h"
#include "runtime/kernels/gemm_f32.h"

namespace edgeq {
namespace {

constexpr int64_t kModel = 1024;
constexpr int64_t kHidden = 4096;
constexpr int kBlocks = 4;
constexpr int kRepetitions = 5;

// Layer l maps in_features(l) -> out_features(l).
int64_t in_features(int layer) { return layer % 2 == 0 ? kModel : kHidden; }
int64_t out_features(int layer) { return layer % 2 == 0 ? kHidden : kModel; }

std::vector<float> random_floats(int64_t count, float scale, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> out(static_cast<size_t>(count));
  for (auto& v : out) v = dist(rng);
  return out;
}

std::vector<int8_t> random_ints(int64_t count, int lo, int hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<int8_t> out(static_cast<size_t>(count));
  for (auto& v : out) v = static_cast<int8_t>(dist(rng));
  return out;
}

void set_rates(benchmark::State& state, double weight_bytes) {
  state.counters["weight_GB/s"] =
      benchmark::Counter(weight_bytes * 1e-9 * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["weight_MB"] = weight_bytes * 1e-6;
}

// Args: tokens.
void BM_MlpF32(benchmark::State& state) {
  const int64_t tokens = state.range(0);
  std::vector<std::vector<float>> packed(2 * kBlocks);
  double bytes = 0;
  for (int l = 0; l < 2 * kBlocks; ++l) {
    const int64_t k = in_features(l), n = out_features(l);
    const auto w = random_floats(n * k, 0.03f, 100 + l);  // [n, k]: op(B) = W^T
    packed[l].resize(runtime::packed_gemm_b_floats(k, n));
    runtime::pack_gemm_b(runtime::GemmOperand::matrix(w.data(), k, true), k, n, packed[l].data());
    bytes += 4.0 * n * k;
  }
  AlignedBuffer scratch(runtime::gemm_f32_scratch_floats(tokens, kHidden, kHidden) * 4);
  // The input stays constant; layers alternate between h [tokens, 4096] and y [tokens, 1024].
  const std::vector<float> x = random_floats(tokens * kModel, 1.f, 1);
  std::vector<float> h(tokens * kHidden), y(tokens * kModel);
  for (auto _ : state) {
    for (int l = 0; l < 2 * kBlocks; ++l) {
      const int64_t k = in_features(l), n = out_features(l);
      const float* in = l == 0 ? x.data() : (l % 2 == 0 ? y.data() : h.data());
      float* out = l % 2 == 0 ? h.data() : y.data();
      runtime::gemm_f32(tokens, n, k, 1.f, runtime::GemmOperand::matrix(in, k),
                        runtime::GemmOperand::prepacked(packed[l].data()), 0.f, out, n,
                        reinterpret_cast<float*>(scratch.data()));
    }
    benchmark::DoNotOptimize(y.data());
  }
  set_rates(state, bytes);
}

// Args: tokens, scheme (0 dynamic int8, 1 8da4w), group (8da4w), ISA (LinearIsa as int).
void BM_MlpQuantized(benchmark::State& state) {
  const int64_t tokens = state.range(0);
  const bool int4 = state.range(1) == 1;
  const int64_t group = state.range(2);
  const auto isa = static_cast<xnnpack::LinearIsa>(state.range(3));
  if (!xnnpack::linear_isa_supported(isa)) {
    state.SkipWithError("instruction set not available on this CPU");
    return;
  }
  std::vector<xnnpack::PackedLinear> layers;
  double bytes = 0;
  size_t scratch_bytes = 0;
  for (int l = 0; l < 2 * kBlocks; ++l) {
    const int64_t k = in_features(l), n = out_features(l);
    const auto w = random_ints(n * k, int4 ? -8 : -127, int4 ? 7 : 127, 100 + l);
    const int64_t groups = int4 ? (k + group - 1) / group : 1;
    const auto scales = random_floats(n * groups, 0.002f, 200 + l);
    std::vector<float> positive(scales.size());
    for (size_t i = 0; i < scales.size(); ++i) positive[i] = 0.001f + std::abs(scales[i]);
    Result<xnnpack::PackedLinear> packed = [&]() -> Result<xnnpack::PackedLinear> {
      if (!int4) return xnnpack::pack_dynamic_int8_linear(w.data(), positive.data(), nullptr, n, k);
      std::vector<uint8_t> nibbles(static_cast<size_t>((n * k + 1) / 2));
      for (int64_t i = 0; i < n * k; ++i) int4_set(nibbles.data(), static_cast<size_t>(i), w[i]);
      return xnnpack::pack_8da4w_linear(nibbles.data(), positive.data(), nullptr, n, k, group);
    }();
    if (!packed.ok()) {
      state.SkipWithError(packed.status().to_string().c_str());
      return;
    }
    bytes += static_cast<double>(packed->packed_bytes());
    scratch_bytes = std::max(scratch_bytes, xnnpack::linear_scratch_bytes(*packed, tokens));
    layers.push_back(std::move(packed.value()));
  }
  AlignedBuffer scratch(scratch_bytes);
  // The input stays constant; layers alternate between h [tokens, 4096] and y [tokens, 1024].
  const std::vector<float> x = random_floats(tokens * kModel, 1.f, 1);
  std::vector<float> h(tokens * kHidden), y(tokens * kModel);
  for (auto _ : state) {
    for (int l = 0; l < 2 * kBlocks; ++l) {
      const float* in = l == 0 ? x.data() : (l % 2 == 0 ? y.data() : h.data());
      float* out = l % 2 == 0 ? h.data() : y.data();
      const Status status = xnnpack::run_linear(layers[l], in, tokens, out,
                                                Span<uint8_t>(scratch.data(), scratch.size()), isa);
      if (!status.ok()) {
        state.SkipWithError(status.to_string().c_str());
        return;
      }
    }
    benchmark::DoNotOptimize(y.data());
  }
  set_rates(state, bytes);
}

// Args: MB copied (the size of the MLP's int8 weights: 8 layers of 4 M).
void BM_Memcpy(benchmark::State& state) {
  const size_t bytes = static_cast<size_t>(state.range(0)) << 20;
  AlignedBuffer source(bytes), destination(bytes);
  std::memset(source.data(), 1, bytes);
  for (auto _ : state) {
    std::memcpy(destination.data(), source.data(), bytes);
    benchmark::DoNotOptimize(destination.data());
  }
  state.counters["GB/s"] = benchmark::Counter(
      static_cast<double>(bytes) * 1e-9 * state.iterations(), benchmark::Counter::kIsRate);
}

void quantized_args(benchmark::internal::Benchmark* b) {
  const int isas[] = {static_cast<int>(xnnpack::LinearIsa::kAvx512Vnni),
                      static_cast<int>(xnnpack::LinearIsa::kAvx2),
                      static_cast<int>(xnnpack::LinearIsa::kPortable)};
  for (int64_t tokens : {1, 64}) {
    for (int isa : isas) {
      b->Args({tokens, 0, 0, isa});    // dynamic int8
      b->Args({tokens, 1, 32, isa});   // 8da4w, group 32
      b->Args({tokens, 1, 128, isa});  // 8da4w, group 128
    }
  }
}

BENCHMARK(BM_Memcpy)
    ->Arg(16)
    ->Arg(32)
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpF32)
    ->Arg(1)
    ->Arg(64)
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpQuantized)
    ->ArgNames({"tokens", "int4", "group", "isa"})
    ->Apply(quantized_args)
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace edgeq

BENCHMARK_MAIN();
