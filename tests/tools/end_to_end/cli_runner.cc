#include "tests/tools/end_to_end/cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace edgeq::tools::testing {
namespace {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

CliResult run_edgeq(const std::vector<std::string>& args) {
  std::string command = shell_quote(EDGEQ_CLI_PATH);
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  command += " 2>&1";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char chunk[4096];
  size_t got = 0;
  while ((got = fread(chunk, 1, sizeof(chunk), pipe)) > 0) result.output.append(chunk, got);
  int status = pclose(pipe);
  // The shell reports a child killed by signal N as exit code 128 + N.
  result.exited = WIFEXITED(status) && WEXITSTATUS(status) < 128;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string fresh_test_dir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("edgeq_cli_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace edgeq::tools::testing
