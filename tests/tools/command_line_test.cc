#include "tools/command_line.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgeq::tools {
namespace {

CommandSpec test_spec() {
  CommandSpec spec;
  spec.name = "try";
  spec.summary = "A command for tests.";
  spec.positionals = {"model.eqp"};
  spec.flags = {
      {"--input", "-i", FlagKind::kText, "FILE", true, "an input"},
      {"--iters", "", FlagKind::kPositiveInt, "N", false, "repetitions"},
      {"--profile", "", FlagKind::kSwitch, "", false, "time each step"},
  };
  spec.run = [](const ParsedArgs& args) {
    if (args.text("--input") == "fail") return invalid_argument("input 'fail' failed");
    return Status::Ok();
  };
  return spec;
}

std::string parse_error(const std::vector<std::string>& args) {
  Result<ParsedArgs> parsed = parse_command_line(test_spec(), args);
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? "" : parsed.status().message();
}

TEST(CommandLine, ParsesPositionalsFlagsAndValues) {
  Result<ParsedArgs> parsed = parse_command_line(
      test_spec(), {"-i", "a.npy", "m.eqp", "--input=b.npy", "--iters", "12", "--profile"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->positionals(), std::vector<std::string>{"m.eqp"});
  EXPECT_EQ(parsed->values("--input"), (std::vector<std::string>{"a.npy", "b.npy"}));
  EXPECT_EQ(parsed->positive_int("--iters", 1), 12);
  EXPECT_TRUE(parsed->has("--profile"));
  EXPECT_FALSE(parsed->help_requested());
}

TEST(CommandLine, AbsentFlagsUseFallbacks) {
  Result<ParsedArgs> parsed = parse_command_line(test_spec(), {"m.eqp"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->positive_int("--iters", 3), 3);
  EXPECT_EQ(parsed->text("--input", "none"), "none");
  EXPECT_FALSE(parsed->has("--profile"));
}

TEST(CommandLine, DoubleDashEndsFlags) {
  Result<ParsedArgs> parsed = parse_command_line(test_spec(), {"--", "-odd-name.eqp"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->positionals(), std::vector<std::string>{"-odd-name.eqp"});
}

TEST(CommandLine, HelpWinsOverOtherErrors) {
  Result<ParsedArgs> parsed = parse_command_line(test_spec(), {"--bogus", "--help"});
  EXPECT_FALSE(parsed.ok()) << "the unknown flag comes first";
  parsed = parse_command_line(test_spec(), {"--help", "--bogus"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->help_requested());
}

TEST(CommandLine, UsageErrorsNameTheArgument) {
  EXPECT_NE(parse_error({"m.eqp", "--bogus"}).find("unknown option '--bogus'"), std::string::npos);
  EXPECT_NE(parse_error({"m.eqp", "--iters"}).find("--iters needs a value"), std::string::npos);
  EXPECT_NE(parse_error({"m.eqp", "--iters", "0"}).find("positive integer, got '0'"),
            std::string::npos);
  EXPECT_NE(parse_error({"m.eqp", "--iters", "3x"}).find("got '3x'"), std::string::npos);
  EXPECT_NE(parse_error({"m.eqp", "--iters", "99999999999"}).find("positive integer"),
            std::string::npos);
  EXPECT_NE(parse_error({"m.eqp", "--iters", "1", "--iters", "2"}).find("more than once"),
            std::string::npos);
  EXPECT_NE(parse_error({"m.eqp", "--profile=yes"}).find("takes no value"), std::string::npos);
  EXPECT_NE(parse_error({}).find("expected model.eqp, got 0"), std::string::npos);
  EXPECT_NE(parse_error({"a.eqp", "b.eqp"}).find("got 2"), std::string::npos);
}

TEST(CommandLine, ExitCodes) {
  CommandSpec spec = test_spec();
  EXPECT_EQ(run_command(spec, {"m.eqp"}), kExitOk);
  EXPECT_EQ(run_command(spec, {"--help"}), kExitOk);
  EXPECT_EQ(run_command(spec, {"m.eqp", "--input", "fail"}), kExitError);
  EXPECT_EQ(run_command(spec, {"m.eqp", "--nope"}), kExitUsage);
  std::vector<CommandSpec> commands = {spec};
  EXPECT_EQ(run_tool(commands, {}), kExitUsage);
  EXPECT_EQ(run_tool(commands, {"--help"}), kExitOk);
  EXPECT_EQ(run_tool(commands, {"--version"}), kExitOk);
  EXPECT_EQ(run_tool(commands, {"frobnicate"}), kExitUsage);
  EXPECT_EQ(run_tool(commands, {"try", "m.eqp"}), kExitOk);
}

TEST(CommandLine, HelpListsEveryFlag) {
  std::string help = command_help(test_spec());
  EXPECT_NE(help.find("usage: edgeq try model.eqp [options]"), std::string::npos) << help;
  EXPECT_NE(help.find("-i, --input FILE"), std::string::npos) << help;
  EXPECT_NE(help.find("(repeatable)"), std::string::npos) << help;
  EXPECT_NE(help.find("--iters N"), std::string::npos) << help;
  EXPECT_NE(help.find("--profile"), std::string::npos) << help;
  std::string tool = tool_help({test_spec()});
  EXPECT_NE(tool.find("try        A command for tests."), std::string::npos) << tool;
}

}  // namespace
}  // namespace edgeq::tools
