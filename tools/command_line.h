// The command-line grammar shared by every edgeq command: a command is described by a CommandSpec
// (positional arguments, flags, help text, the function that runs it); parse_command_line checks
// the arguments against it, and run_command turns the outcome into an exit code:
//   0 success or --help, 1 a runtime error (the Status message is printed), 2 a usage error.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "runtime/core/status.h"

namespace edgeq::tools {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

enum class FlagKind {
  kSwitch,       // --profile
  kText,         // --output y.npy
  kPositiveInt,  // --iters 10 (checked to be an integer in [1, 1e9])
};

struct FlagSpec {
  std::string name;        // "--output"
  std::string short_name;  // "-o", or empty
  FlagKind kind = FlagKind::kSwitch;
  std::string value_name;  // "FILE" in the help text; unused for switches
  bool repeatable = false;
  std::string help;
};

class ParsedArgs;

struct CommandSpec {
  std::string name;                      // "compile"
  std::string summary;                   // one line for the tool's help
  std::vector<std::string> positionals;  // required, in order: {"model.onnx"}
  std::vector<FlagSpec> flags;
  std::string details;  // paragraphs printed after the flags in --help
  std::function<Status(const ParsedArgs&)> run;
};

class ParsedArgs {
 public:
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool has(const std::string& flag) const { return values_.count(flag) != 0; }
  // Every value given for a flag, in order (empty when absent).
  std::vector<std::string> values(const std::string& flag) const;
  // The value of a single-valued flag, or `fallback` when absent.
  std::string text(const std::string& flag, const std::string& fallback = "") const;
  int64_t positive_int(const std::string& flag, int64_t fallback) const;
  bool help_requested() const { return help_; }

 private:
  friend Result<ParsedArgs> parse_command_line(const CommandSpec&, const std::vector<std::string>&);
  std::vector<std::string> positionals_;
  std::map<std::string, std::vector<std::string>> values_;
  bool help_ = false;
};

// Checks `args` (everything after the command name) against `spec`. Errors are usage errors whose
// message names the offending argument. "--help"/"-h" anywhere sets help_requested() and skips the
// remaining checks. Flags take their value as the next argument or after '=' (--iters=5); "--"
// ends the flags.
Result<ParsedArgs> parse_command_line(const CommandSpec& spec,
                                      const std::vector<std::string>& args);

// The --help text of one command.
std::string command_help(const CommandSpec& spec);
// The --help text of the tool, listing `commands`.
std::string tool_help(const std::vector<CommandSpec>& commands);

// Parses, prints help or usage errors, runs the command and maps the outcome to an exit code.
int run_command(const CommandSpec& spec, const std::vector<std::string>& args);
// The whole tool: dispatches argv[1] to one of `commands` ("--help", "--version" handled here).
int run_tool(const std::vector<CommandSpec>& commands, const std::vector<std::string>& args);

}  // namespace edgeq::tools
