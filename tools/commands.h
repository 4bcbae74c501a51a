// The edgeq commands, one file each (<name>_command.cc); main.cc lists them.
#pragma once

#include "tools/command_line.h"

namespace edgeq::tools {

CommandSpec make_compile_command();
CommandSpec make_run_command();
CommandSpec make_inspect_command();
CommandSpec make_bench_command();
CommandSpec make_quantize_command();
CommandSpec make_export_onnx_command();
CommandSpec make_compare_command();

}  // namespace edgeq::tools
