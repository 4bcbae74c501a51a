// The own dense int8 convolution kernels (delegate/xnnpack/kernels/qconv_kernels.h) against the
// machine's VNNI peak measured in the same run: a register-only loop of independent vpdpbusd
// (BM_VnniPeak), then 1x1 convolutions (the GEMM case: ResNet-50-like bottleneck widths) and
// ResNet18's 3x3 convolutions and stem, MobileNetV2's narrow 1x1 convolutions and stem, per
// instruction-set path, on 1 and 2 threads. "GOP/s" counts a
// multiply and an add per multiply-accumulate. Medians of 5 repetitions.
//   qconv_gemm_bench --benchmark_filter='VnniPeak|Conv'
#include <benchmark/benchmark.h>
#include <immintrin.h>
#include <pthreadpool.h>

#include <random>
#include <vector>

#include "delegate/xnnpack/kernels/qconv_kernels.h"

namespace edgeq {
namespace {

constexpr int kRepetitions = 5;

// 12 independent accumulators, 64 multiply-accumulates per vpdpbusd; `rounds` × 12 instructions.
__attribute__((target("avx512f,avx512vnni"))) int32_t vnni_loop(int64_t rounds, int32_t seed) {
  __m512i acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_epi32(seed + i);
  const __m512i a = _mm512_set1_epi32(0x01010101);
  const __m512i b = _mm512_set1_epi32(seed);
  for (int64_t r = 0; r < rounds; ++r) {
    for (int i = 0; i < 12; ++i) acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
  }
  __m512i sum = acc[0];
  for (int i = 1; i < 12; ++i) sum = _mm512_add_epi32(sum, acc[i]);
  alignas(64) int32_t lanes[16];
  _mm512_store_si512(lanes, sum);
  return lanes[0] + lanes[15];
}

void BM_VnniPeak(benchmark::State& state) {
  if (!xnnpack::linear_isa_supported(xnnpack::LinearIsa::kAvx512Vnni)) {
    state.SkipWithError("this CPU has no AVX-512 VNNI");
    return;
  }
  constexpr int64_t kRounds = 1 << 20;
  int32_t seed = 3;
  for (auto _ : state) {
    benchmark::DoNotOptimize(seed);  // opaque, so the loop is not hoisted out of the timing
    benchmark::DoNotOptimize(vnni_loop(kRounds, seed));
  }
  state.counters["GOP/s"] = benchmark::Counter(2.0 * 64 * 12 * kRounds * 1e-9 * state.iterations(),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VnniPeak)->Repetitions(kRepetitions)->ReportAggregatesOnly(true);

struct Layer {
  int64_t size, in_c, out_c, kernel, stride;
};

constexpr Layer kLayers[] = {
    {56, 64, 256, 1, 1}, {28, 128, 512, 1, 1}, {14, 256, 1024, 1, 1}, {7, 512, 2048, 1, 1},  // 1x1
    {56, 64, 64, 3, 1},  {28, 128, 128, 3, 1}, {14, 256, 256, 3, 1},  {7, 512, 512, 3, 1},  // 3x3
    {224, 3, 64, 7, 2},  // ResNet18's stem
    {112, 16, 96, 1, 1}, {56, 144, 24, 1, 1}, {224, 3, 32, 3, 2},  // MobileNetV2: 1x1, stem
};

std::vector<int8_t> random_bytes(int64_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-128, 127);
  std::vector<int8_t> out(static_cast<size_t>(count));
  for (auto& v : out) v = static_cast<int8_t>(dist(rng));
  return out;
}

// Args: layer index, ISA (LinearIsa as int), threads.
void BM_Conv(benchmark::State& state) {
  const Layer& layer = kLayers[state.range(0)];
  const auto isa = static_cast<xnnpack::LinearIsa>(state.range(1));
  if (!xnnpack::linear_isa_supported(isa)) {
    state.SkipWithError("path not supported on this CPU");
    return;
  }
  xnnpack::QConvGeometry g;
  g.in_h = g.in_w = layer.size;
  g.out_h = g.out_w = (layer.size - 1) / layer.stride + 1;
  g.stride_h = g.stride_w = layer.stride;
  g.in_c = layer.in_c;
  g.out_c = layer.out_c;
  g.kernel_h = g.kernel_w = layer.kernel;
  g.pad_top = g.pad_left = layer.kernel / 2;
  xnnpack::QConvRequantization r;
  r.input_zero_point = -3;
  r.scales.assign(static_cast<size_t>(g.out_c), 1.0f / 4096);
  const std::vector<int8_t> filter = random_bytes(g.out_c * layer.kernel * layer.kernel * g.in_c, 1);
  const std::vector<int8_t> x = random_bytes(g.in_h * g.in_w * g.in_c, 2);
  std::vector<int8_t> y(static_cast<size_t>(g.out_h * g.out_w * g.out_c));
  auto packed = xnnpack::pack_qconv(filter.data(), nullptr, g, r);
  if (!packed.ok()) {
    state.SkipWithError(packed.status().to_string().c_str());
    return;
  }
  std::vector<uint8_t> scratch(xnnpack::qconv_scratch_bytes(*packed, 1));
  pthreadpool_t pool = state.range(2) > 1 ? pthreadpool_create(state.range(2)) : nullptr;
  for (auto _ : state) {
    const Status status = xnnpack::run_qconv(*packed, x.data(), 1, y.data(),
                                             Span<uint8_t>(scratch), isa, pool);
    if (!status.ok()) state.SkipWithError(status.to_string().c_str());
    benchmark::ClobberMemory();
  }
  if (pool != nullptr) pthreadpool_destroy(pool);
  const double macs = static_cast<double>(g.out_h * g.out_w * g.out_c * g.in_c) * layer.kernel *
                      layer.kernel;
  state.counters["GOP/s"] =
      benchmark::Counter(2.0 * macs * 1e-9 * state.iterations(), benchmark::Counter::kIsRate);
}

void conv_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"layer", "isa", "threads"});
  for (int64_t layer = 0; layer < static_cast<int64_t>(std::size(kLayers)); ++layer) {
    for (auto isa : {xnnpack::LinearIsa::kAvx2, xnnpack::LinearIsa::kAvx512Vnni}) {
      for (int64_t threads : {1, 2}) b->Args({layer, static_cast<int64_t>(isa), threads});
    }
  }
}
BENCHMARK(BM_Conv)
    ->Apply(conv_args)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true)
    ->UseRealTime();

}  // namespace
}  // namespace edgeq

BENCHMARK_MAIN();
