// The own depthwise int8 convolution kernels (delegate/xnnpack/kernels/qconv_kernels.h) on
// MobileNetV2's 3x3 depthwise layers (224x224 input, PyTorch padding 1), per instruction-set path,
// on 1 and 2 threads, side by side with XNNPACK 2022-02's per-channel int8 depthwise convolution
// (what the delegate would run otherwise) on the same layers. Counters: "GOP/s" counts a multiply
// and an add per tap and output, "GB/s" the input and output bytes of one run. Medians of 5
// repetitions.
//   qconv_depthwise_bench --benchmark_filter=Depthwise
#include <benchmark/benchmark.h>
#include <pthreadpool.h>
#include <xnnpack.h>

#include <random>
#include <vector>

#include "delegate/xnnpack/kernels/qconv_internal.h"

namespace edgeq {
namespace {

constexpr int kRepetitions = 5;

struct Layer {
  int64_t size, channels, stride;
};

// Input size, channels and stride of MobileNetV2's depthwise layers.
constexpr Layer kLayers[] = {{112, 96, 2}, {56, 144, 1}, {56, 144, 2}, {28, 192, 1},
                             {14, 384, 1}, {14, 576, 1}, {7, 960, 1}};

std::vector<int8_t> random_bytes(int64_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-128, 127);
  std::vector<int8_t> out(static_cast<size_t>(count));
  for (auto& v : out) v = static_cast<int8_t>(dist(rng));
  return out;
}

xnnpack::QConvGeometry geometry_of(const Layer& layer) {
  xnnpack::QConvGeometry g;
  g.in_h = g.in_w = layer.size;
  g.in_c = g.out_c = layer.channels;
  g.kernel_h = g.kernel_w = 3;
  g.stride_h = g.stride_w = layer.stride;
  g.pad_top = g.pad_left = 1;
  g.out_h = g.out_w = (layer.size + 2 - 3) / layer.stride + 1;
  return g;
}

void set_rates(benchmark::State& state, const xnnpack::QConvGeometry& g) {
  const double outputs = static_cast<double>(g.out_h * g.out_w * g.out_c);
  const double bytes = static_cast<double>(g.in_h * g.in_w * g.in_c) + outputs;
  state.counters["GOP/s"] = benchmark::Counter(2.0 * 9 * outputs * 1e-9 * state.iterations(),
                                               benchmark::Counter::kIsRate);
  state.counters["GB/s"] =
      benchmark::Counter(bytes * 1e-9 * state.iterations(), benchmark::Counter::kIsRate);
}

// Args: layer index, ISA (LinearIsa as int), threads.
void BM_Depthwise(benchmark::State& state) {
  const auto isa = static_cast<xnnpack::LinearIsa>(state.range(1));
  const int64_t threads = state.range(2);
  if (!xnnpack::linear_isa_supported(isa)) {
    state.SkipWithError("instruction set not available");
    return;
  }
  const xnnpack::QConvGeometry g = geometry_of(kLayers[state.range(0)]);
  xnnpack::QConvRequantization r;
  r.input_zero_point = -3;
  r.output_zero_point = -128;
  r.qmin = -128;
  r.qmax = 127;
  r.scales.assign(static_cast<size_t>(g.out_c), 1e-3f);
  const std::vector<int8_t> filter = random_bytes(9 * g.out_c, 1);
  const std::vector<int32_t> bias(static_cast<size_t>(g.out_c), 100);
  auto packed = xnnpack::pack_qconv_depthwise(filter.data(), bias.data(), g, r);
  if (!packed.ok()) {
    state.SkipWithError(packed.status().to_string().c_str());
    return;
  }
  const std::vector<int8_t> x = random_bytes(g.in_h * g.in_w * g.in_c, 2);
  std::vector<int8_t> y(static_cast<size_t>(g.out_h * g.out_w * g.out_c));
  std::vector<uint8_t> scratch(xnnpack::qconv_internal::depthwise_scratch_bytes(*packed, 1));
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(static_cast<size_t>(threads)) : nullptr;
  for (auto _ : state) {
    const Status status = xnnpack::qconv_internal::run_depthwise(*packed, x.data(), 1, y.data(),
                                                                 Span<uint8_t>(scratch), isa, pool);
    if (!status.ok()) {
      state.SkipWithError(status.to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(y.data());
  }
  if (pool != nullptr) pthreadpool_destroy(pool);
  set_rates(state, g);
}

// Args: layer index, threads.
void BM_DepthwiseXnnpack(benchmark::State& state) {
  const xnnpack::QConvGeometry g = geometry_of(kLayers[state.range(0)]);
  const int64_t threads = state.range(1);
  if (xnn_initialize(nullptr) != xnn_status_success) {
    state.SkipWithError("xnn_initialize failed");
    return;
  }
  const std::vector<int8_t> filter = random_bytes(9 * g.out_c, 1);
  const std::vector<int32_t> bias(static_cast<size_t>(g.out_c), 100);
  const std::vector<float> filter_scales(static_cast<size_t>(g.out_c), 0.01f);
  const auto channels = static_cast<size_t>(g.out_c);
  xnn_operator_t op = nullptr;
  if (xnn_create_convolution2d_nhwc_qc8(
          1, 1, 1, 1, 3, 3, static_cast<uint32_t>(g.stride_h), static_cast<uint32_t>(g.stride_w), 1,
          1, static_cast<uint32_t>(channels), 1, 1, channels, channels, -3, 0.5f,
          filter_scales.data(), filter.data(), bias.data(), -128, 5.0f, -128, 127,
          XNN_FLAG_DEPTHWISE_CONVOLUTION, &op) != xnn_status_success) {
    state.SkipWithError("xnn_create_convolution2d_nhwc_qc8 failed");
    return;
  }
  const std::vector<int8_t> x = random_bytes(g.in_h * g.in_w * g.in_c, 2);
  std::vector<int8_t> y(static_cast<size_t>(g.out_h * g.out_w * g.out_c));
  pthreadpool_t pool = threads > 1 ? pthreadpool_create(static_cast<size_t>(threads)) : nullptr;
  if (xnn_setup_convolution2d_nhwc_qc8(op, 1, static_cast<size_t>(g.in_h),
                                       static_cast<size_t>(g.in_w), x.data(), y.data(),
                                       pool) != xnn_status_success) {
    state.SkipWithError("xnn_setup_convolution2d_nhwc_qc8 failed");
  } else {
    for (auto _ : state) {
      xnn_run_operator(op, pool);
      benchmark::DoNotOptimize(y.data());
    }
  }
  if (pool != nullptr) pthreadpool_destroy(pool);
  xnn_delete_operator(op);
  set_rates(state, g);
}

void depthwise_args(benchmark::internal::Benchmark* b) {
  const int isas[] = {static_cast<int>(xnnpack::LinearIsa::kAvx512Vnni),
                      static_cast<int>(xnnpack::LinearIsa::kAvx2),
                      static_cast<int>(xnnpack::LinearIsa::kPortable)};
  for (int64_t layer = 0; layer < static_cast<int64_t>(std::size(kLayers)); ++layer) {
    for (int isa : isas) {
      for (int64_t threads : {1, 2}) b->Args({layer, isa, threads});
    }
  }
}

BENCHMARK(BM_Depthwise)
    ->ArgNames({"layer", "isa", "threads"})
    ->Apply(depthwise_args)
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DepthwiseXnnpack)
    ->ArgNames({"layer", "threads"})
    ->ArgsProduct({{0, 1, 2, 3, 4, 5, 6}, {1, 2}})
    ->Repetitions(kRepetitions)
    ->ReportAggregatesOnly(true)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace edgeq

BENCHMARK_MAIN();
