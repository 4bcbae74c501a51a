// onnx_conformance: runs ONNX's backend test data (Debian's libonnx-testdata) through edgeq's
// importer -> program -> runtime (all portable, or with the XNNPACK delegate) and prints one line
// per failed or skipped test, then
//   "N passed, N failed, N skipped (unsupported: Op1, Op2, ...)"
// Exit status: 0 when nothing failed (and at least --min-passed tests passed), 1 otherwise,
// 77 (a skip for ctest) when the test data is not installed.

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "tests/conformance/conformance_cases.h"
#include "tests/conformance/conformance_runner.h"
#include "tests/conformance/isolated_run.h"

namespace edgeq::e2e {
namespace {

constexpr int kSkipExitCode = 77;
constexpr const char* kDefaultRoot = "/usr/share/libonnx-testdata/data";
constexpr const char* kRootVariable = "EDGEQ_ONNX_TESTDATA";

struct Options {
  std::string root;
  std::string filter;  // run only cases whose name contains it
  bool verbose = false;
  bool isolate = true;
  unsigned timeout_seconds = 120;
  int min_passed = 0;
  Backend backend = Backend::kPortable;
};

void print_usage() {
  std::printf(
      "usage: onnx_conformance [--root DIR] [--filter TEXT] [--verbose] [--no-isolation]\n"
      "                        [--timeout SECONDS] [--min-passed N] [--backend none|xnnpack]\n"
      "  --root DIR       the test data root holding node/, pytorch-converted/,\n"
      "                   pytorch-operator/ and simple/ (default: $%s, else %s)\n"
      "  --filter TEXT    run only the tests whose name (e.g. node/test_abs) contains TEXT\n"
      "  --verbose        also print a line for every passed test\n"
      "  --no-isolation   run the tests in this process (for debuggers) instead of one child\n"
      "                   process per test\n"
      "  --timeout S      a test running longer fails (default 120; isolated runs only)\n"
      "  --min-passed N   fail unless at least N tests pass\n"
      "  --backend B      none: portable kernels only (default); xnnpack: the XNNPACK delegate\n"
      "                   takes the nodes it supports, as `edgeq compile` does\n",
      kRootVariable, kDefaultRoot);
}

bool parse_options(int argc, char** argv, Options* options) {
  const char* from_env = std::getenv(kRootVariable);
  options->root = from_env && *from_env ? from_env : kDefaultRoot;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--verbose") {
      options->verbose = true;
    } else if (arg == "--no-isolation") {
      options->isolate = false;
    } else if (arg == "--root" && has_value) {
      options->root = argv[++i];
    } else if (arg == "--filter" && has_value) {
      options->filter = argv[++i];
    } else if (arg == "--timeout" && has_value) {
      options->timeout_seconds = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--min-passed" && has_value) {
      options->min_passed = std::atoi(argv[++i]);
    } else if (arg == "--backend" && has_value &&
               (std::strcmp(argv[i + 1], "none") == 0 ||
                std::strcmp(argv[i + 1], "xnnpack") == 0)) {
      options->backend =
          std::strcmp(argv[++i], "xnnpack") == 0 ? Backend::kXnnpack : Backend::kPortable;
    } else {
      std::fprintf(stderr, "onnx_conformance: unknown or incomplete argument '%s'\n", argv[i]);
      print_usage();
      return false;
    }
  }
  return true;
}

// One line per test: "FAIL node/test_x: reason" (PASS lines only when verbose).
void print_result(const std::string& name, const CaseResult& result, bool verbose) {
  std::string reason = result.reason;
  for (char& c : reason) {
    if (c == '\n') c = ' ';
  }
  switch (result.outcome) {
    case Outcome::kPassed:
      if (verbose) {
        std::printf("PASS %s%s\n", name.c_str(),
                    result.inputs_frozen ? " (parameter inputs frozen into the model)" : "");
      }
      break;
    case Outcome::kFailed:
      std::printf("FAIL %s: %s\n", name.c_str(), reason.c_str());
      break;
    case Outcome::kSkipped:
      std::printf("SKIP %s: %s\n", name.c_str(), reason.c_str());
      break;
  }
  std::fflush(stdout);
}

int run(const Options& options) {
  auto cases = find_conformance_cases(options.root, conformance_suites());
  if (!cases.ok() && cases.status().code() == StatusCode::kNotFound) {
    std::printf(
        "SKIPPED: ONNX backend test data not found (%s). Install the Debian package "
        "libonnx-testdata or point --root / $%s at it.\n",
        cases.status().message().c_str(), kRootVariable);
    return kSkipExitCode;
  }
  if (!cases.ok()) {
    std::printf("onnx_conformance: %s\n", cases.status().to_string().c_str());
    return 1;
  }
  const Tolerance tolerance;  // ONNX's test data specifies none of its own for these suites
  int num_passed = 0, num_failed = 0, num_skipped = 0, num_frozen = 0, num_delegated = 0;
  std::set<std::string> unsupported;
  for (const ConformanceCase& test_case : *cases) {
    if (test_case.name.find(options.filter) == std::string::npos) continue;
    auto run_case = [&] { return run_conformance_case(test_case, tolerance, options.backend); };
    const CaseResult result =
        options.isolate ? run_isolated(run_case, options.timeout_seconds) : run_case();
    print_result(test_case.name, result, options.verbose);
    num_passed += result.outcome == Outcome::kPassed;
    num_failed += result.outcome == Outcome::kFailed;
    num_skipped += result.outcome == Outcome::kSkipped;
    num_frozen += result.inputs_frozen;
    num_delegated += result.outcome == Outcome::kPassed && result.delegated;
    unsupported.insert(result.unsupported_ops.begin(), result.unsupported_ops.end());
  }
  std::string unsupported_list;
  for (const std::string& op : unsupported) {
    unsupported_list += (unsupported_list.empty() ? "" : ", ") + op;
  }
  if (num_frozen > 0) {
    std::printf(
        "(%d of the passes fed their parameter inputs as constants: edgeq needs shape "
        "inputs at compile time)\n",
        num_frozen);
  }
  if (options.backend == Backend::kXnnpack) {
    std::printf("(%d of the passes ran delegate calls on XNNPACK)\n", num_delegated);
  }
  const bool enough_passed = num_passed >= options.min_passed;
  if (!enough_passed) {
    std::printf("onnx_conformance: only %d tests passed, at least %d required\n", num_passed,
                options.min_passed);
  }
  // The summary is the last line, alone.
  std::printf("%d passed, %d failed, %d skipped (unsupported: %s)\n", num_passed, num_failed,
              num_skipped, unsupported_list.empty() ? "none" : unsupported_list.c_str());
  return num_failed == 0 && enough_passed ? 0 : 1;
}

}  // namespace
}  // namespace edgeq::e2e

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      edgeq::e2e::print_usage();
      return 0;
    }
  }
  edgeq::e2e::Options options;
  if (!edgeq::e2e::parse_options(argc, argv, &options)) return 2;
  return edgeq::e2e::run(options);
}
