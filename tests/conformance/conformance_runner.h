// Runs one ONNX backend test case through importer -> program -> runtime and classifies it:
//   passed  — every output of every data set matches;
//   failed  — a mismatch or an unexpected error (anything but Unimplemented);
//   skipped — the model uses ops outside the op list (the reason names them and, for ops that
//             have no place in an inference engine, why: training-only, random, sequence) or
//             non-tensor graph values, or the importer/runtime reports Unimplemented: a dtype or
//             attribute variant edgeq lacks (the reason is the Unimplemented message).
// A model that does not compile because a parameter input (a shape, scales, a mode) is fed at run
// time (edgeq needs them at compile time) is retried with them frozen (see frozen_inputs.h); a pass
// says so (CaseResult::inputs_frozen).
#pragma once

#include <set>
#include <string>
#include <utility>

#include "tests/conformance/compiled_model.h"
#include "tests/conformance/conformance_cases.h"
#include "tests/conformance/tensor_compare.h"

namespace edgeq::e2e {

enum class Outcome { kPassed, kFailed, kSkipped };

struct CaseResult {
  Outcome outcome = Outcome::kFailed;
  std::string reason;                     // empty for passes
  std::set<std::string> unsupported_ops;  // ops outside the op list (for the summary line)
  bool inputs_frozen = false;             // passed with its parameter inputs frozen into the model
  bool delegated = false;                 // its program had at least one delegate call

  static CaseResult pass() { return CaseResult{Outcome::kPassed, "", {}, false, false}; }
  static CaseResult failure(std::string why) {
    return CaseResult{Outcome::kFailed, why, {}, false, false};
  }
  static CaseResult skip(std::string why) {
    return CaseResult{Outcome::kSkipped, why, {}, false, false};
  }
};

// Compiles the case's model for `backend` and runs every data set.
CaseResult run_conformance_case(const ConformanceCase& test_case, Tolerance tolerance,
                                Backend backend);

}  // namespace edgeq::e2e
