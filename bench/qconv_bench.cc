// The own dense int8 convolution kernels (delegate/xnnpack/kernels/qconv_kernels.h): (1) the
// machine's vpdpbusd peak (12 independent zmm accumulators, registers only), (2) 1x1 convolutions
// (the GEMM of ResNet50's bottleneck expansions) per instruction-set path, (3) ResNet18's 3x3
// convolutions (padding 1) on 1 and 2 threads. Counter "GOP/s" counts a multiply and an add per
// multiply-accumulate, so the kernels' rates read directly against the peak. Medians of 5
// repetitions.
//   qconv_bench --benchmark_filter='Peak|Conv'
#include <benchmark/benchmark.h>
#include <pthreadpool.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <random>
#include <vector>

#include "delegate/xnnpack/kernels/qconv_kernels.h"

namespace edgeq {
namespace {

constexpr int kRepetitions = 5;

void set_gops(benchmark::State& state, double macs) {
  state.counters["GOP/s"] =
      benchmark::Counter(2.0 * macs * 1e-9 * state.iterations(), benchmark::Counter::kIsRate);
}

#if defined(__x86_64__)
constexpr int kPeakAccumulators = 12;
constexpr int64_t kPeakSteps = 1 << 16;

// kPeakSteps x 12 independent vpdpbusd (16 lanes x 4 MACs each).
__attribute__((target("avx512f,avx512vnni"))) void vpdpbusd_loop(int32_t* out) {
  __m512i acc[kPeakAccumulators];
  for (int i = 0; i < kPeakAccumulators; ++i) acc[i] = _mm512_set1_epi32(i);
  const __m512i a = _mm512_set1_epi32(0x01020304);
  const __m512i b = _mm512_set1_epi32(0x05060708);
  for (int64_t step = 0; step < kPeakSteps; ++step) {
    for (int i = 0; i < kPeakAccumulators; ++i) acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
  }
  __m512i sum = acc[0];
  for (int i = 1; i < kPeakAccumulators; ++i) sum = _mm512_add_epi32(sum, acc[i]);
  _mm512_storeu_si512(out, sum);
}

void BM_VnniPeak(benchmark::State& state) {
  if (!xnnpack::linear_isa_supported(xnnpack::LinearIsa::kAvx512Vnni)) {
    state.SkipWithError("no AVX-512 VNNI");
    return;
  }
  alignas(64) int32_t out[16];
  for (auto _ : state) {
    vpdpbusd_loop(out);
    benchmark::DoNotOptimize(out);
  }
  set_gops(state, static_cast<double>(kPeakSteps) * kPeakAccumulators * 64);
}
BENCHMARK(BM_VnniPeak)->Repetitions(kRepetitions)->ReportAggregatesOnly(true);
#endif

std::vector<int8_t> random_bytes(int64_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-128, 127);
  std::vector<int8_t> out(static_cast<size_t>(count));
  for (auto& v : out) v = static_cast<int8_t>(dist(rng));
  return out;
}

struct Layer {
  int64_t size, in_c, out_c, kernel;
};

// 1x1: ResNet50's bottleneck expansions; 3x3: ResNet18's stages.
constexpr Layer kPointwise[] = {
    {56, 64, 256, 1}, {28, 128, 512, 1}, {14, 256, 1024, 1}, {7, 512, 2048, 1}};
constexpr Layer kResnet18[] = {
    {56, 64, 64, 3}, {28, 128, 128, 3}, {14, 256, 256, 3}, {7, 512, 512, 3}};

// Args: layer index, ISA (LinearIsa as int), threads.
void run_layer(benchmark::State& state, const Layer& layer) {
  const auto isa = static_cast<xnnpack::LinearIsa>(state.range(1));
  if (!xnnpack::linear_isa_supported(isa)) {
    state.SkipWithError("instruction set not available");
    return;
  }
  xnnpack::QConvGeometry g;
  g.in_h = g.in_w = g.out_h = g.out_w = layer.size;
  g.in_c = layer.in_c;
  g.out_c = layer.out_c;
  g.kernel_h = g.kernel_w = layer.kernel;
  g.pad_top = g.pad_left = layer.kernel / 2;
  xnnpack::QConvRequantization r;
  r.input_zero_point = 3;
  r.output_zero_point = -5;
  r.scales.assign(static_cast<size_t>(g.out_c), 1e-3f);
  const auto filter = random_bytes(g.out_c * layer.kernel * layer.kernel * g.in_c, 1);
  const auto x = random_bytes(g.in_h * g.in_w * g.in_c, 2);
  auto packed = xnnpack::pack_qconv(filter.data(), nullptr, g, r);
  if (!packed.ok()) {
    state.SkipWithError(packed.status().to_string().c_str());
    return;
  }
  std::vector<int8_t> y(static_cast<size_t>(g.out_h * g.out_w * g.out_c));
  std::vector<uint8_t> scratch(xnnpack::qconv_scratch_bytes(*packed, 1));
  const size_t threads = static_cast<size_t>(state.range(2));
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(threads) : nullptr;
  for (auto _ : state) {
    const Status status =
        xnnpack::run_qconv(*packed, x.data(), 1, y.data(), Span<uint8_t>(scratch), isa, pool);
    if (!status.ok()) {
      state.SkipWithError(status.to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(y.data());
  }
  if (pool != nullptr) pthreadpool_destroy(pool);
  set_gops(state, static_cast<double>(g.out_h * g.out_w * g.out_c) * layer.kernel * layer.kernel *
                      static_cast<double>(g.in_c));
}

void BM_Conv1x1(benchmark::State& state) { run_layer(state, kPointwise[state.range(0)]); }
void BM_Conv3x3(benchmark::State& state) { run_layer(state, kResnet18[state.range(0)]); }

constexpr int kIsas[] = {static_cast<int>(xnnpack::LinearIsa::kPortable),
                         static_cast<int>(xnnpack::LinearIsa::kAvx2),
                         static_cast<int>(xnnpack::LinearIsa::kAvx512Vnni)};

void pointwise_args(benchmark::internal::Benchmark* b) {
  for (int layer = 0; layer < 4; ++layer) {
    for (int isa : kIsas) b->Args({layer, isa, 1});
  }
}

void resnet18_args(benchmark::internal::Benchmark* b) {
  const int vnni = static_cast<int>(xnnpack::LinearIsa::kAvx512Vnni);
  const int avx2 = static_cast<int>(xnnpack::LinearIsa::kAvx2);
  for (int layer = 0; layer < 4; ++layer) {
    for (int threads : {1, 2}) b->Args({layer, vnni, threads});
    b->Args({layer, avx2, 1});
  }
}

BENCHMARK(BM_Conv1x1)
    ->Apply(pointwise_args)
    ->ArgNames({"layer", "isa", "threads"})
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_Conv3x3)
    ->Apply(resnet18_args)
    ->ArgNames({"layer", "isa", "threads"})
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true)
    ->UseRealTime();

}  // namespace
}  // namespace edgeq

BENCHMARK_MAIN();
