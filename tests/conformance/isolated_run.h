// Runs one conformance case in a child process (fork), so a crash, an abort or a hang in one case
// is reported as that case's failure instead of ending the whole run.
#pragma once

#include <functional>

#include "tests/conformance/conformance_runner.h"

namespace edgeq::e2e {

// Runs `run_case` in a child process and returns its result. A child that dies from a signal or
// runs longer than `timeout_seconds` gives a failed result saying so.
CaseResult run_isolated(const std::function<CaseResult()>& run_case, unsigned timeout_seconds);

}  // namespace edgeq::e2e
