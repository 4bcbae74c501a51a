// GEMV weight streaming against memcpy, in one process: how close the own dynamic int8 and
// 8da4w linear kernels (delegate/xnnpack/kernels) come to the machine's memory bandwidth when one
// token passes through more weights than the last-level cache holds (the LLM decode case).
//
// It packs a stack of the MLP's layers (1024 -> 4096 and 4096 -> 1024, alternating) until their
// int8 weights reach the streamed size (default: twice the last-level cache the OS reports, at
// least 64 MiB), packs the same stack as 8da4w, and allocates two buffers of that size for memcpy.
// Then it alternates, round by round, one memcpy of the buffer, one plain read of it (a sum, the
// read-only reference), one GEMV pass (1 token) over every int8 layer and one over every 8da4w
// layer, and prints each one's median time and bandwidth: memcpy as bytes copied per second, the
// read and the GEMVs as bytes read per second (for the GEMVs: packed weight bytes), each as a
// percentage of memcpy's and of the plain read's. Single threaded.
//
// Usage: gemv_bandwidth_bench [--mib N] [--rounds R] [--group G]
//                             [--isa auto|avx512vnni|avx2|portable]
#include <benchmark/benchmark.h>  // DoNotOptimize only; this program times its own passes
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "delegate/xnnpack/kernels/linear_kernels.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/core/dtype.h"

namespace edgeq {
namespace {

constexpr int64_t kModel = 1024;
constexpr int64_t kHidden = 4096;
constexpr size_t kMiB = size_t{1} << 20;
constexpr size_t kMinStreamBytes = 64 * kMiB;

struct Options {
  size_t stream_bytes = 0;  // int8 weight bytes streamed per pass
  int rounds = 9;
  int64_t group = 32;
  xnnpack::LinearIsa isa = xnnpack::LinearIsa::kAuto;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr,
               "gemv_bandwidth_bench: %s\nusage: gemv_bandwidth_bench [--mib N] [--rounds R] "
               "[--group G] [--isa auto|avx512vnni|avx2|portable]\n",
               message.c_str());
  std::exit(2);
}

int64_t positive_value(const char* flag, const char* text) {
  char* end = nullptr;
  const long long value = std::strtoll(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < 1 || value > (1 << 20)) {
    usage_error(std::string(flag) + " needs a positive integer, not '" + text + "'");
  }
  return value;
}

xnnpack::LinearIsa isa_from_name(const std::string& name) {
  for (xnnpack::LinearIsa isa : {xnnpack::LinearIsa::kAuto, xnnpack::LinearIsa::kAvx512Vnni,
                                 xnnpack::LinearIsa::kAvx2, xnnpack::LinearIsa::kPortable}) {
    if (name == xnnpack::linear_isa_name(isa)) return isa;
  }
  usage_error("--isa: unknown instruction set '" + name + "'");
}

// Twice the last-level cache the OS reports (so that no pass can be served from it), at least
// kMinStreamBytes.
size_t default_stream_bytes() {
  long cache = 0;
  for (int name : {_SC_LEVEL4_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE}) {
    cache = sysconf(name);
    if (cache > 0) break;
  }
  return std::max(kMinStreamBytes, 2 * static_cast<size_t>(std::max(cache, 0L)));
}

Options parse_options(int argc, char** argv) {
  Options options;
  options.stream_bytes = default_stream_bytes();
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage_error("missing value after " + flag);
    const char* value = argv[++i];
    if (flag == "--mib") {
      options.stream_bytes = static_cast<size_t>(positive_value("--mib", value)) * kMiB;
    } else if (flag == "--rounds") {
      options.rounds = static_cast<int>(positive_value("--rounds", value));
    } else if (flag == "--group") {
      options.group = positive_value("--group", value);
    } else if (flag == "--isa") {
      options.isa = isa_from_name(value);
    } else {
      usage_error("unknown flag " + flag);
    }
  }
  if (!xnnpack::linear_isa_supported(options.isa)) {
    usage_error(std::string("--isa ") + xnnpack::linear_isa_name(options.isa) +
                " is not available on this CPU");
  }
  return options;
}

// Layer l maps in_features(l) -> out_features(l), like the MLP's blocks.
int64_t in_features(size_t layer) { return layer % 2 == 0 ? kModel : kHidden; }
int64_t out_features(size_t layer) { return layer % 2 == 0 ? kHidden : kModel; }

std::vector<float> random_floats(size_t count, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> out(count);
  for (auto& v : out) v = dist(rng);
  return out;
}

std::vector<int8_t> random_int8(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-127, 127);
  std::vector<int8_t> out(count);
  for (auto& v : out) v = static_cast<int8_t>(dist(rng));
  return out;
}

// One layer's source weights, shared by every layer of the stack with its shape (the kernels'
// speed does not depend on the values).
struct SourceWeights {
  std::vector<int8_t> int8;      // [n, k] in [-127, 127]
  std::vector<uint8_t> nibbles;  // [n, k] in [-8, 7], two per byte
  std::vector<float> scales;     // [n * ceil(k / group)], positive
};

SourceWeights make_source(int64_t n, int64_t k, int64_t group, uint32_t seed) {
  SourceWeights source;
  source.int8 = random_int8(static_cast<size_t>(n * k), seed);
  source.nibbles.resize(static_cast<size_t>((n * k + 1) / 2));
  for (size_t i = 0; i < source.int8.size(); ++i) {
    int4_set(source.nibbles.data(), i, static_cast<int8_t>(source.int8[i] / 16));
  }
  source.scales =
      random_floats(static_cast<size_t>(n * ((k + group - 1) / group)), 1e-3f, 3e-3f, seed + 1);
  return source;
}

struct Stack {
  std::vector<xnnpack::PackedLinear> layers;
  size_t packed_bytes = 0;
};

// Packs `count` layers as dynamic int8 (int4 = false) or 8da4w.
Stack pack_stack(size_t count, bool int4, int64_t group, const SourceWeights sources[2]) {
  Stack stack;
  for (size_t l = 0; l < count; ++l) {
    const int64_t n = out_features(l), k = in_features(l);
    const SourceWeights& s = sources[l % 2];
    Result<xnnpack::PackedLinear> packed =
        int4 ? xnnpack::pack_8da4w_linear(s.nibbles.data(), s.scales.data(), nullptr, n, k, group)
             : xnnpack::pack_dynamic_int8_linear(s.int8.data(), s.scales.data(), nullptr, n, k);
    if (!packed.ok()) {
      std::fprintf(stderr, "gemv_bandwidth_bench: %s\n", packed.status().to_string().c_str());
      std::exit(1);
    }
    stack.packed_bytes += packed->packed_bytes();
    stack.layers.push_back(std::move(packed.value()));
  }
  return stack;
}

// One token through every layer of the stack (each layer reads the same input: only the weight
// stream matters here).
void gemv_pass(const Stack& stack, const std::vector<float> inputs[2], std::vector<float>& output,
               AlignedBuffer& scratch, xnnpack::LinearIsa isa) {
  for (size_t l = 0; l < stack.layers.size(); ++l) {
    const Status status =
        xnnpack::run_linear(stack.layers[l], inputs[l % 2].data(), 1, output.data(),
                            Span<uint8_t>(scratch.data(), scratch.size()), isa);
    if (!status.ok()) {
      std::fprintf(stderr, "gemv_bandwidth_bench: %s\n", status.to_string().c_str());
      std::exit(1);
    }
  }
}

// Reads every byte of `buffer` (8 independent sums of 64-bit words, so the loop is bound by the
// loads, not by one addition chain).
uint64_t read_all(const AlignedBuffer& buffer) {
  uint64_t sums[8] = {};
  const size_t words = buffer.size() / sizeof(uint64_t);
  for (size_t i = 0; i + 8 <= words; i += 8) {
    for (size_t j = 0; j < 8; ++j) {
      uint64_t word;
      std::memcpy(&word, buffer.data() + (i + j) * sizeof(uint64_t), sizeof(word));
      sums[j] += word;
    }
  }
  uint64_t total = 0;
  for (uint64_t sum : sums) total += sum;
  return total;
}

double seconds_of(const std::function<void()>& pass) {
  const auto start = std::chrono::steady_clock::now();
  pass();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

int run(const Options& options) {
  const size_t layer_bytes = static_cast<size_t>(kModel * kHidden);  // int8 bytes per layer
  const size_t count = std::max<size_t>(2, (options.stream_bytes + layer_bytes - 1) / layer_bytes);
  const SourceWeights sources[2] = {make_source(kHidden, kModel, options.group, 1),
                                    make_source(kModel, kHidden, options.group, 3)};
  const Stack int8_stack = pack_stack(count, false, options.group, sources);
  const Stack int4_stack = pack_stack(count, true, options.group, sources);

  const size_t copy_bytes = int8_stack.packed_bytes;
  AlignedBuffer copy_source(copy_bytes), copy_destination(copy_bytes);
  std::memset(copy_source.data(), 1, copy_bytes);
  std::memset(copy_destination.data(), 2, copy_bytes);

  const std::vector<float> inputs[2] = {random_floats(kModel, -1.f, 1.f, 5),
                                        random_floats(kHidden, -1.f, 1.f, 6)};
  std::vector<float> output(kHidden);
  size_t scratch_bytes = 0;
  for (const Stack* stack : {&int8_stack, &int4_stack}) {
    for (const auto& layer : stack->layers) {
      scratch_bytes = std::max(scratch_bytes, xnnpack::linear_scratch_bytes(layer, 1));
    }
  }
  AlignedBuffer scratch(scratch_bytes);

  struct Measured {
    const char* name;
    size_t bytes;
    std::function<void()> pass;
    std::vector<double> seconds;
  };
  std::vector<Measured> measured = {
      {"memcpy",
       copy_bytes,
       [&] { std::memcpy(copy_destination.data(), copy_source.data(), copy_bytes); },
       {}},
      {"read (sum)", copy_bytes, [&] { benchmark::DoNotOptimize(read_all(copy_source)); }, {}},
      {"dyn int8 GEMV",
       int8_stack.packed_bytes,
       [&] { gemv_pass(int8_stack, inputs, output, scratch, options.isa); },
       {}},
      {"8da4w GEMV",
       int4_stack.packed_bytes,
       [&] { gemv_pass(int4_stack, inputs, output, scratch, options.isa); },
       {}},
  };
  for (auto& m : measured) m.pass();  // warm-up: page faults, frequency
  for (int round = 0; round < options.rounds; ++round) {
    // Reverse the order every other round so that no pass always follows the same one.
    for (size_t i = 0; i < measured.size(); ++i) {
      Measured& m = measured[round % 2 == 0 ? i : measured.size() - 1 - i];
      m.seconds.push_back(seconds_of(m.pass));
    }
  }

  const xnnpack::LinearIsa isa =
      options.isa == xnnpack::LinearIsa::kAuto ? xnnpack::best_linear_isa() : options.isa;
  std::printf(
      "%zu layers (1024x4096 / 4096x1024), 1 token, single thread, kernels %s, 8da4w group %lld;"
      " %d alternating rounds, medians\n",
      count, xnnpack::linear_isa_name(isa), static_cast<long long>(options.group), options.rounds);
  std::printf("%-14s %12s %10s %9s %10s %10s\n", "pass", "bytes MiB", "median ms", "GB/s",
              "vs memcpy", "vs read");
  const double memcpy_rate = static_cast<double>(copy_bytes) / median(measured[0].seconds);
  const double read_rate = static_cast<double>(copy_bytes) / median(measured[1].seconds);
  for (const Measured& m : measured) {
    const double seconds = median(m.seconds);
    const double rate = static_cast<double>(m.bytes) / seconds;
    std::printf("%-14s %12.1f %10.3f %9.2f %9.1f%% %9.1f%%\n", m.name,
                static_cast<double>(m.bytes) / kMiB, seconds * 1e3, rate * 1e-9,
                100.0 * rate / memcpy_rate, 100.0 * rate / read_rate);
  }
  std::printf(
      "memcpy GB/s counts the bytes copied (each is read once and written once); the read and "
      "GEMV figures count the bytes read (GEMV: packed weights).\n");
  return 0;
}

}  // namespace
}  // namespace edgeq

int main(int argc, char** argv) { return edgeq::run(edgeq::parse_options(argc, argv)); }
