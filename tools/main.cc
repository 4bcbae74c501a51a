// edgeq: the command line. Kept thin: the commands parse their arguments and call the libraries.
#include <string>
#include <vector>

#include "tools/commands.h"

int main(int argc, char** argv) {
  std::vector<edgeq::tools::CommandSpec> commands = {edgeq::tools::make_compile_command(),
                                                     edgeq::tools::make_run_command(),
                                                     edgeq::tools::make_inspect_command()};
  return edgeq::tools::run_tool(commands, std::vector<std::string>(argv + 1, argv + argc));
}
