// edgeq: the command line. Kept thin: the commands parse their arguments and call the libraries.
#include <string>
#include <vector>

#include "delegate/xnnpack/runtime/xnnpack_backend.h"
#include "tools/commands.h"

int main(int argc, char** argv) {
  std::vector<edgeq::tools::CommandSpec> commands = {edgeq::tools::make_compile_command(),
                                                     edgeq::tools::make_run_command(),
                                                     edgeq::tools::make_inspect_command()};
  commands.push_back(edgeq::tools::make_bench_command());
  commands.push_back(edgeq::tools::make_quantize_command());
  commands.push_back(edgeq::tools::make_export_onnx_command());
  commands.push_back(edgeq::tools::make_compare_command());
  // Programs with XNNPACK delegate calls need the backend registered. Where XNNPACK cannot run
  // (an unsupported CPU) it stays unregistered: portable programs still run, and a program that
  // needs it fails at Method creation with an error naming the backend and the instruction.
  (void)edgeq::xnnpack::register_xnnpack_backend();
  return edgeq::tools::run_tool(commands, std::vector<std::string>(argv + 1, argv + argc));
}
