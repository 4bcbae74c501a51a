// edgeq run model.eqp [--input x.npy ...] [--output y.npy ...] [--iters N] [--seed S]
//                     [--threads N] [--profile]
#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include "runtime/executor/method.h"
#include "runtime/program/program.h"
#include "tools/commands.h"
#include "tools/method_inputs.h"
#include "tools/npy.h"
#include "tools/profile_report.h"
#include "tools/tensor_summary.h"
#include "tools/text_format.h"

namespace edgeq::tools {
namespace {

using runtime::Method;
using runtime::Program;

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

Status write_outputs(const Method& method, const ParsedArgs& args) {
  std::vector<std::string> files = args.values("--output");
  if (files.size() > method.num_outputs()) {
    return invalid_argument("the program has ", method.num_outputs(), " output(s), --output gave ",
                            files.size());
  }
  for (size_t i = 0; i < method.num_outputs(); ++i) {
    std::cout << "output " << summarize_tensor(method.output_name(i), method.output(i)) << "\n";
  }
  for (size_t i = 0; i < files.size(); ++i) {
    EDGEQ_RETURN_IF_ERROR(write_npy(files[i], method.output(i)));
    std::cout << "wrote " << method.output_name(i) << " to " << files[i] << "\n";
  }
  return Status::Ok();
}

Status run(const ParsedArgs& args) {
  auto start = std::chrono::steady_clock::now();
  EDGEQ_ASSIGN_OR_RETURN(std::shared_ptr<const Program> program,
                         Program::load_file(args.positionals()[0]));
  runtime::MethodOptions options;
  options.num_threads = static_cast<int>(args.positive_int("--threads", 1));
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<Method> method, Method::create(program, options));
  double load_ms = elapsed_ms(start);
  EDGEQ_ASSIGN_OR_RETURN(std::vector<std::string> inputs,
                         set_method_inputs(*method, args.values("--input"),
                                           static_cast<uint32_t>(args.positive_int("--seed", 1))));
  for (const std::string& input : inputs) std::cout << "input  " << input << "\n";

  runtime::MethodProfile profile;
  if (args.has("--profile")) method->set_profile(&profile);
  int64_t iterations = args.positive_int("--iters", 1);
  std::vector<double> times;
  for (int64_t i = 0; i < iterations; ++i) {
    auto run_start = std::chrono::steady_clock::now();
    EDGEQ_RETURN_IF_ERROR(method->execute());
    times.push_back(elapsed_ms(run_start));
  }
  double first_ms = times.front();
  std::cout << "loaded " << program->source() << " (" << format_bytes(program->file_bytes())
            << ") in " << format_ms(load_ms) << "; first run " << format_ms(first_ms);
  if (iterations > 1) {
    double min_ms = *std::min_element(times.begin(), times.end());
    std::cout << ", median of " << iterations << " runs " << format_ms(median(times)) << ", min "
              << format_ms(min_ms);
  }
  std::cout << " (" << options.num_threads << " thread" << (options.num_threads > 1 ? "s" : "")
            << ")\n";
  if (args.has("--profile")) {
    std::cout << format_profile(profile_rows(*program, profile), profile.runs);
  }
  return write_outputs(*method, args);
}

}  // namespace

CommandSpec make_run_command() {
  CommandSpec spec;
  spec.name = "run";
  spec.summary = "Run a program file on inputs from .npy files (or random ones).";
  spec.positionals = {"model.eqp"};
  spec.flags = {
      {"--input", "-i", FlagKind::kText, "FILE", true,
       "a .npy file for the next program input, in input order"},
      {"--output", "-o", FlagKind::kText, "FILE", true,
       "write the next program output to this .npy file, in output order"},
      {"--iters", "", FlagKind::kPositiveInt, "N", false,
       "run N times and report the median time (default 1)"},
      {"--seed", "", FlagKind::kPositiveInt, "S", false,
       "seed of the random inputs used when no --input is given (default 1)"},
      {"--threads", "", FlagKind::kPositiveInt, "N", false,
       "threads for delegate calls (XNNPACK's thread pool; default 1)"},
      {"--profile", "", FlagKind::kSwitch, "", false,
       "print the time of every instruction (delegate call or kernel), slowest first"},
  };
  spec.details =
      "Without --input every input is random at its compile-time shape: floats uniform in\n"
      "[-1, 1), integers in [0, 10), the same for the same seed. An input with a symbolic batch\n"
      "dimension accepts any batch size. For each output the shape, min/max/mean and the first\n"
      "values are printed.\n"
      "\n"
      "--profile times every instruction over all --iters runs and prints, slowest first, its\n"
      "index, name, kind (the kernel's op, or delegate:<backend> for a delegate call), total and\n"
      "mean milliseconds and share of the total, then a total line. Portable kernels run on one\n"
      "thread; --threads sizes the thread pool of delegate calls.";
  spec.run = run;
  return spec;
}

}  // namespace edgeq::tools
