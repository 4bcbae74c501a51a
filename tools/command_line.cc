#include "tools/command_line.h"

#include <cstdio>
#include <exception>
#include <iostream>

#ifndef EDGEQ_VERSION
#define EDGEQ_VERSION "unknown"
#endif

namespace edgeq::tools {
namespace {

constexpr int64_t kMaxPositiveInt = 1000000000;

const FlagSpec* find_flag(const CommandSpec& spec, const std::string& name) {
  for (const FlagSpec& flag : spec.flags) {
    if (flag.name == name || (!flag.short_name.empty() && flag.short_name == name)) return &flag;
  }
  return nullptr;
}

bool parse_int(const std::string& text, int64_t* out) {
  if (text.empty() || text.size() > 10) return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

Status check_value(const FlagSpec& flag, const std::string& value) {
  if (flag.kind != FlagKind::kPositiveInt) return Status::Ok();
  int64_t number = 0;
  if (!parse_int(value, &number) || number < 1 || number > kMaxPositiveInt) {
    return invalid_argument(flag.name, " expects a positive integer, got '", value, "'");
  }
  return Status::Ok();
}

std::string usage_line(const CommandSpec& spec) {
  std::string line = "edgeq " + spec.name;
  for (const std::string& positional : spec.positionals) line += " " + positional;
  if (!spec.flags.empty()) line += " [options]";
  return line;
}

}  // namespace

std::vector<std::string> ParsedArgs::values(const std::string& flag) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

std::string ParsedArgs::text(const std::string& flag, const std::string& fallback) const {
  auto it = values_.find(flag);
  return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

int64_t ParsedArgs::positive_int(const std::string& flag, int64_t fallback) const {
  int64_t value = fallback;
  if (has(flag)) parse_int(text(flag), &value);  // validated by parse_command_line
  return value;
}

Result<ParsedArgs> parse_command_line(const CommandSpec& spec,
                                      const std::vector<std::string>& args) {
  ParsedArgs parsed;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!flags_ended && (arg == "--help" || arg == "-h")) {
      parsed.help_ = true;
      return parsed;
    }
    if (!flags_ended && arg == "--") {
      flags_ended = true;
      continue;
    }
    if (flags_ended || arg.size() < 2 || arg[0] != '-') {
      parsed.positionals_.push_back(arg);
      continue;
    }
    size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    const FlagSpec* flag = find_flag(spec, name);
    if (flag == nullptr) return invalid_argument("unknown option '", name, "'");
    if (flag->kind == FlagKind::kSwitch) {
      if (equals != std::string::npos) return invalid_argument(flag->name, " takes no value");
      parsed.values_[flag->name];
      continue;
    }
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return invalid_argument(flag->name, " needs a value (", flag->value_name, ")");
    }
    EDGEQ_RETURN_IF_ERROR(check_value(*flag, value));
    std::vector<std::string>& slot = parsed.values_[flag->name];
    if (!slot.empty() && !flag->repeatable) {
      return invalid_argument(flag->name, " is given more than once");
    }
    slot.push_back(value);
  }
  if (parsed.positionals_.size() != spec.positionals.size()) {
    std::string expected;
    for (const std::string& positional : spec.positionals) expected += " " + positional;
    return invalid_argument("expected", expected, ", got ", parsed.positionals_.size(),
                            " positional argument(s)");
  }
  return parsed;
}

std::string command_help(const CommandSpec& spec) {
  std::string text = "usage: " + usage_line(spec) + "\n\n" + spec.summary + "\n";
  if (!spec.flags.empty()) text += "\noptions:\n";
  for (const FlagSpec& flag : spec.flags) {
    std::string names = flag.short_name.empty() ? flag.name : flag.short_name + ", " + flag.name;
    if (flag.kind != FlagKind::kSwitch) names += " " + flag.value_name;
    if (names.size() < 24) names.resize(24, ' ');
    text += "  " + names + " " + flag.help + (flag.repeatable ? " (repeatable)" : "") + "\n";
  }
  text += "  -h, --help               show this help\n";
  if (!spec.details.empty()) text += "\n" + spec.details + "\n";
  return text;
}

std::string tool_help(const std::vector<CommandSpec>& commands) {
  std::string text =
      "usage: edgeq <command> [arguments]\n\n"
      "edgeq compiles ONNX models into program files (.eqp) and runs them.\n\ncommands:\n";
  for (const CommandSpec& command : commands) {
    std::string name = command.name;
    if (name.size() < 10) name.resize(10, ' ');
    text += "  " + name + " " + command.summary + "\n";
  }
  text +=
      "\n'edgeq <command> --help' describes a command. Exit codes: 0 success, 1 error, "
      "2 bad usage.\n";
  return text;
}

int run_command(const CommandSpec& spec, const std::vector<std::string>& args) {
  Result<ParsedArgs> parsed = parse_command_line(spec, args);
  if (!parsed.ok()) {
    std::cerr << "edgeq " << spec.name << ": " << parsed.status().message() << "\n"
              << "usage: " << usage_line(spec) << " (see 'edgeq " << spec.name << " --help')\n";
    return kExitUsage;
  }
  if (parsed->help_requested()) {
    std::cout << command_help(spec);
    return kExitOk;
  }
  Status status;
  try {
    status = spec.run(*parsed);
  } catch (const std::exception& e) {
    status = internal_error("unexpected exception: ", e.what());
  }
  if (!status.ok()) {
    std::cout.flush();
    std::cerr << "edgeq " << spec.name << ": error: " << status.to_string() << "\n";
    return kExitError;
  }
  return kExitOk;
}

int run_tool(const std::vector<CommandSpec>& commands, const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << tool_help(commands);
    return kExitUsage;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    std::cout << tool_help(commands);
    return kExitOk;
  }
  if (first == "--version") {
    std::cout << "edgeq " << EDGEQ_VERSION << "\n";
    return kExitOk;
  }
  for (const CommandSpec& command : commands) {
    if (command.name == first) {
      return run_command(command, std::vector<std::string>(args.begin() + 1, args.end()));
    }
  }
  std::string names;
  for (const CommandSpec& command : commands) names += (names.empty() ? "" : ", ") + command.name;
  std::cerr << "edgeq: unknown " << (first[0] == '-' ? "option" : "command") << " '" << first
            << "' (commands: " << names << "; see 'edgeq --help')\n";
  return kExitUsage;
}

}  // namespace edgeq::tools
