// edgeq bench model.eqp [--threads N] [--iters K] [--warmup W] [--json] [--input x.npy ...]
//                       [--conv-kernels auto|xnnpack|own]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "delegate/xnnpack/runtime/conv_node.h"
#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tools/bench_stats.h"
#include "tools/commands.h"
#include "tools/json_writer.h"
#include "tools/method_inputs.h"
#include "tools/text_format.h"

namespace edgeq::tools {
namespace {

using runtime::Method;
using runtime::Program;

constexpr int64_t kDefaultIterations = 20;
constexpr int64_t kDefaultWarmup = 3;
constexpr int64_t kMaxWarmup = 1000000;

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// --warmup accepts 0, which the positive-integer flag kind does not.
Result<int64_t> warmup_runs(const ParsedArgs& args) {
  if (!args.has("--warmup")) return kDefaultWarmup;
  const std::string text = args.text("--warmup");
  const bool digits_only = !text.empty() && text.size() <= 7 &&
                           text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits_only || std::stoll(text) > kMaxWarmup) {
    return invalid_argument("--warmup: expected an integer in [0, ", kMaxWarmup, "], got '", text,
                            "'");
  }
  return std::stoll(text);
}

struct InstructionCounts {
  size_t kernel_calls = 0;
  size_t delegate_calls = 0;
  size_t xnnpack_calls = 0;
};

InstructionCounts count_instructions(const Program& program) {
  InstructionCounts counts;
  for (const runtime::ProgramInstruction& instruction : program.instructions()) {
    if (instruction.kind == runtime::InstructionKind::kKernelCall) {
      ++counts.kernel_calls;
    } else {
      ++counts.delegate_calls;
      if (instruction.backend == xnnpack::kXnnpackBackendName) ++counts.xnnpack_calls;
    }
  }
  return counts;
}

struct BenchResult {
  std::string model;
  uint64_t file_bytes = 0;
  InstructionCounts counts;
  int threads = 1;
  int64_t warmup = 0;
  double load_ms = 0;
  double init_ms = 0;
  TimingSummary execute;  // milliseconds per run
  // Per run: time inside xnn_invoke_runtime, and its share of that run's execute time.
  TimingSummary invoke;
  double invoke_share_median = 0;  // percent
  double overhead_median_ms = 0;   // median of (execute - invoke) per run
  uint64_t peak_rss_bytes = 0;
  uint64_t arena_bytes = 0;
  uint64_t constant_bytes = 0;
};

// The JSON members only a program with XNNPACK calls has (null otherwise).
constexpr const char* kXnnpackKeys[] = {"xnnpack_invoke_median_ms", "xnnpack_invoke_mean_ms",
                                        "xnnpack_invoke_percent", "edgeq_overhead_median_ms",
                                        "edgeq_overhead_percent"};

double percent(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

std::string to_json(const BenchResult& r) {
  JsonObject json;
  json.add("model", r.model);
  json.add("file_bytes", r.file_bytes);
  json.add("instructions", static_cast<uint64_t>(r.counts.kernel_calls + r.counts.delegate_calls));
  json.add("kernel_calls", static_cast<uint64_t>(r.counts.kernel_calls));
  json.add("delegate_calls", static_cast<uint64_t>(r.counts.delegate_calls));
  json.add("xnnpack_calls", static_cast<uint64_t>(r.counts.xnnpack_calls));
  json.add("threads", r.threads);
  json.add("warmup", r.warmup);
  json.add("iters", static_cast<uint64_t>(r.execute.count));
  json.add("load_ms", r.load_ms);
  json.add("init_ms", r.init_ms);
  json.add("execute_median_ms", r.execute.median);
  json.add("execute_p90_ms", r.execute.p90);
  json.add("execute_min_ms", r.execute.min);
  json.add("execute_mean_ms", r.execute.mean);
  json.add("execute_max_ms", r.execute.max);
  json.add("peak_rss_bytes", r.peak_rss_bytes);
  json.add("arena_bytes", r.arena_bytes);
  json.add("constant_bytes", r.constant_bytes);
  if (r.counts.xnnpack_calls > 0) {
    json.add("xnnpack_invoke_median_ms", r.invoke.median);
    json.add("xnnpack_invoke_mean_ms", r.invoke.mean);
    json.add("xnnpack_invoke_percent", r.invoke_share_median);
    json.add("edgeq_overhead_median_ms", r.overhead_median_ms);
    json.add("edgeq_overhead_percent", 100.0 - r.invoke_share_median);
  } else {
    for (const char* key : kXnnpackKeys) json.add_null(key);
  }
  return json.to_string();
}

std::string to_text(const BenchResult& r) {
  const TimingSummary& t = r.execute;
  std::string text = "model    " + r.model + " (" + format_bytes(r.file_bytes) +
                     "): " + std::to_string(r.counts.kernel_calls) + " kernel call(s), " +
                     std::to_string(r.counts.delegate_calls) + " delegate call(s) (" +
                     std::to_string(r.counts.xnnpack_calls) + " on xnnpack); " +
                     std::to_string(r.threads) + " thread(s)\n";
  text += "load     " + format_ms(r.load_ms) + "\n";
  text += "init     " + format_ms(r.init_ms) + " (Method creation)\n";
  text += "execute  " + std::to_string(t.count) + " runs after " + std::to_string(r.warmup) +
          " warm-up: median " + format_ms(t.median) + ", p90 " + format_ms(t.p90) + ", min " +
          format_ms(t.min) + ", mean " + format_ms(t.mean) + "\n";
  text += "memory   peak RSS " + format_bytes(r.peak_rss_bytes) + ", arena " +
          format_bytes(r.arena_bytes) + ", constants " + format_bytes(r.constant_bytes) + "\n";
  if (r.counts.xnnpack_calls > 0) {
    char line[200];
    std::snprintf(line, sizeof(line),
                  "xnnpack  inside XNNPACK invoke: %s (%.1f%% of execute); edgeq overhead %.1f%% "
                  "(%s per run)\n",
                  format_ms(r.invoke.median).c_str(), r.invoke_share_median,
                  100.0 - r.invoke_share_median, format_ms(r.overhead_median_ms).c_str());
    text += line;
  }
  return text;
}

// --conv-kernels: the engine of the XNNPACK delegate's int8 convolutions.
Status set_conv_engine(const ParsedArgs& args) {
  if (!args.has("--conv-kernels")) return Status::Ok();
  const std::string name = args.text("--conv-kernels");
  for (xnnpack::ConvEngine engine :
       {xnnpack::ConvEngine::kAuto, xnnpack::ConvEngine::kXnnpack, xnnpack::ConvEngine::kOwn}) {
    if (name == xnnpack::conv_engine_name(engine)) {
      xnnpack::set_delegate_conv_engine(engine);
      return Status::Ok();
    }
  }
  return invalid_argument("--conv-kernels must be auto, xnnpack or own, not '", name, "'");
}

Status bench(const ParsedArgs& args) {
  EDGEQ_RETURN_IF_ERROR(set_conv_engine(args));
  BenchResult result;
  result.threads = static_cast<int>(args.positive_int("--threads", 1));
  EDGEQ_ASSIGN_OR_RETURN(result.warmup, warmup_runs(args));
  const int64_t iterations = args.positive_int("--iters", kDefaultIterations);

  auto start = std::chrono::steady_clock::now();
  EDGEQ_ASSIGN_OR_RETURN(std::shared_ptr<const Program> program,
                         Program::load_file(args.positionals()[0]));
  result.load_ms = elapsed_ms(start);
  runtime::MethodOptions options;
  options.num_threads = result.threads;
  start = std::chrono::steady_clock::now();
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<Method> method, Method::create(program, options));
  result.init_ms = elapsed_ms(start);
  EDGEQ_ASSIGN_OR_RETURN(std::vector<std::string> inputs,
                         set_method_inputs(*method, args.values("--input"),
                                           static_cast<uint32_t>(args.positive_int("--seed", 1))));

  for (int64_t i = 0; i < result.warmup; ++i) EDGEQ_RETURN_IF_ERROR(method->execute());
  std::vector<double> times, invoke_times, invoke_shares, overheads;
  for (int64_t i = 0; i < iterations; ++i) {
    const uint64_t invoke_before = xnnpack::invoke_nanoseconds();
    start = std::chrono::steady_clock::now();
    EDGEQ_RETURN_IF_ERROR(method->execute());
    const double execute_ms = elapsed_ms(start);
    const double invoke_ms =
        static_cast<double>(xnnpack::invoke_nanoseconds() - invoke_before) / 1e6;
    times.push_back(execute_ms);
    invoke_times.push_back(invoke_ms);
    invoke_shares.push_back(percent(invoke_ms, execute_ms));
    overheads.push_back(execute_ms - invoke_ms);
  }

  result.model = program->source();
  result.file_bytes = program->file_bytes();
  result.counts = count_instructions(*program);
  result.execute = summarize_times(times);
  result.invoke = summarize_times(invoke_times);
  result.invoke_share_median = percentile(invoke_shares, 50);
  result.overhead_median_ms = percentile(overheads, 50);
  result.peak_rss_bytes = peak_rss_bytes();
  result.arena_bytes = program->memory_plan().arena_bytes;
  result.constant_bytes = program->constant_bytes();
  if (args.has("--json")) {
    std::cout << to_json(result) << "\n";
  } else {
    for (const std::string& input : inputs) std::cout << "input    " << input << "\n";
    std::cout << to_text(result);
  }
  return Status::Ok();
}

}  // namespace

CommandSpec make_bench_command() {
  CommandSpec spec;
  spec.name = "bench";
  spec.summary = "Time loading, Method creation and execution of a program file.";
  spec.positionals = {"model.eqp"};
  spec.flags = {
      {"--threads", "", FlagKind::kPositiveInt, "N", false,
       "threads for delegate calls (XNNPACK's thread pool; default 1)"},
      {"--iters", "", FlagKind::kPositiveInt, "K", false,
       "timed runs (default " + std::to_string(kDefaultIterations) + ")"},
      {"--warmup", "", FlagKind::kText, "W", false,
       "untimed runs before the timed ones, 0 or more (default " + std::to_string(kDefaultWarmup) +
           ")"},
      {"--json", "", FlagKind::kSwitch, "", false, "print one JSON object with every figure"},
      {"--input", "-i", FlagKind::kText, "FILE", true,
       "a .npy file for the next program input, in input order (default: random inputs)"},
      {"--seed", "", FlagKind::kPositiveInt, "S", false,
       "seed of the random inputs used when no --input is given (default 1)"},
      {"--conv-kernels", "", FlagKind::kText, "E", false,
       "engine of the delegate's int8 convolutions: auto (default; edgeq's own kernels on "
       "AVX-512 VNNI CPUs, else XNNPACK), xnnpack, or own"},
  };
  spec.details =
      "Reports the time to load (map and verify) the file, to create the Method (kernels\n"
      "prepared, delegates built, memory planned), and the median, p90, min and mean of K\n"
      "execute calls after W untimed ones; the process's peak resident memory, the Method's\n"
      "activation arena (the program's memory plan) and the constant bytes.\n"
      "\n"
      "When the program has XNNPACK delegate calls, it also reports the time per run spent\n"
      "inside XNNPACK's own xnn_invoke_runtime (median) and its share of the run's execute time\n"
      "(median over runs); the rest is edgeq's overhead (layout conversion and copies at the\n"
      "delegate boundary, the executor, and any portable kernels outside the delegate calls).\n"
      "\n"
      "--json keys: model, file_bytes, instructions, kernel_calls, delegate_calls,\n"
      "xnnpack_calls, threads, warmup, iters, load_ms, init_ms, execute_{median,p90,min,mean,\n"
      "max}_ms, peak_rss_bytes, arena_bytes, constant_bytes, xnnpack_invoke_{median,mean}_ms,\n"
      "xnnpack_invoke_percent, edgeq_overhead_median_ms, edgeq_overhead_percent (the last five\n"
      "null without XNNPACK calls).";
  spec.run = bench;
  return spec;
}

}  // namespace edgeq::tools
