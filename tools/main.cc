// edgeq: the command line. Kept thin: the commands parse their arguments and call the libraries.
#include <string>
#include <vector>

#include "tools/commands.h"

int main(int argc, char** argv) {
  using namespace edgeq::tools;
  std::vector<CommandSpec> commands = {make_compile_command(), make_run_command(),
                                       make_inspect_command()};
  return run_tool(commands, std::vector<std::string>(argv + 1, argv + argc));
}
