// Runs the edgeq executable for end-to-end tests and captures how it ended.
#pragma once

#include <string>
#include <vector>

namespace edgeq::tools::testing {

struct CliResult {
  bool exited = false;  // false: killed by a signal (a crash)
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `edgeq <args...>` and waits for it.
CliResult run_edgeq(const std::vector<std::string>& args);

// A fresh directory for one test's files (removed and re-created).
std::string fresh_test_dir(const std::string& name);

}  // namespace edgeq::tools::testing
