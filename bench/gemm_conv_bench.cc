// Micro benchmarks of the portable f32 GEMM and of Conv through the Kernel interface (prepare
// once with constant weights, then execute), single threaded. Counters report GFLOP/s.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <vector>

#include "runtime/core/aligned_buffer.h"
#include "runtime/kernels/gemm_f32.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {
namespace {

std::vector<float> random_values(int64_t count) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> out(count);
  for (auto& v : out) v = dist(rng);
  return out;
}

void set_flops(benchmark::State& state, double flops_per_iteration) {
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_iteration * 1e-9 * state.iterations(),
                                                 benchmark::Counter::kIsRate);
}

// Args: M, N, K, B pre-packed (0/1).
void BM_GemmF32(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const bool prepacked = state.range(3) != 0;
  const auto a = random_values(m * k);
  const auto b = random_values(k * n);
  std::vector<float> c(m * n);
  std::vector<float> packed;
  GemmOperand op_b = GemmOperand::matrix(b.data(), n);
  if (prepacked) {
    packed.resize(packed_gemm_b_floats(k, n));
    pack_gemm_b(op_b, k, n, packed.data());
    op_b = GemmOperand::prepacked(packed.data());
  }
  AlignedBuffer scratch(gemm_f32_scratch_floats(m, n, k) * sizeof(float));
  for (auto _ : state) {
    gemm_f32(m, n, k, 1.f, GemmOperand::matrix(a.data(), k), op_b, 0.f, c.data(), n,
             reinterpret_cast<float*>(scratch.data()));
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * m * n * k);
}
BENCHMARK(BM_GemmF32)
    ->Args({256, 1024, 1024, 0})
    ->Args({256, 1024, 1024, 1})
    ->Args({64, 3136, 576, 1})
    ->Args({1, 1000, 1280, 1})
    ->Unit(benchmark::kMillisecond);

// Args: channels in, channels out, spatial size, kernel, stride, group.
void BM_Conv(benchmark::State& state) {
  const int64_t c = state.range(0), m = state.range(1), hw = state.range(2), k = state.range(3);
  const int64_t stride = state.range(4), group = state.range(5);
  const Shape x_shape{1, c, hw, hw}, w_shape{m, c / group, k, k};
  const auto x = random_values(x_shape.numel());
  const auto w = random_values(w_shape.numel());
  const auto bias = random_values(m);
  Attributes attrs;
  attrs.set("strides", std::vector<int64_t>{stride, stride});
  attrs.set("pads", std::vector<int64_t>{k / 2, k / 2, k / 2, k / 2});
  attrs.set("group", group);
  std::vector<TensorView> inputs = {TensorView(DType::kF32, x_shape, x.data()),
                                    TensorView(DType::kF32, w_shape, w.data()),
                                    TensorView(DType::kF32, Shape{m}, bias.data())};
  std::unique_ptr<Kernel> kernel = std::move(create_portable_kernel(OpType::kConv).value());
  std::vector<TensorView> outputs(1);
  Status status = kernel->prepare(attrs, Span<const TensorView>(inputs), Span<TensorView>(outputs));
  if (!status.ok()) {
    state.SkipWithError(status.to_string().c_str());
    return;
  }
  AlignedBuffer y(outputs[0].nbytes());
  outputs[0].data = y.data();
  AlignedBuffer scratch(kernel->scratch_bytes());
  for (auto _ : state) {
    status = kernel->execute(Span<const TensorView>(inputs), Span<const TensorView>(outputs),
                             Span<uint8_t>(scratch.data(), scratch.size()));
    benchmark::DoNotOptimize(y.data());
  }
  const int64_t out_hw = outputs[0].shape[2] * outputs[0].shape[3];
  set_flops(state, 2.0 * m * out_hw * (c / group) * k * k);
}
BENCHMARK(BM_Conv)
    ->Args({64, 64, 56, 3, 1, 1})      // ResNet-18 stage 1 3x3
    ->Args({128, 128, 28, 3, 1, 1})    // ResNet-18 stage 2 3x3
    ->Args({64, 128, 56, 1, 2, 1})     // strided 1x1 projection
    ->Args({96, 24, 56, 1, 1, 1})      // MobileNetV2 pointwise
    ->Args({144, 144, 56, 3, 1, 144})  // MobileNetV2 depthwise
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace edgeq::runtime

BENCHMARK_MAIN();
