// The activation dtype of an ONNX export (edgeq export-onnx --activations, edgeq quantize
// --onnx-activations): int8 writes the quantized graph as it is; uint8 first rewrites its int8
// activations as uint8 with zero points + 128 (ir/passes/activations_to_uint8.h), the same model
// in the form ONNX Runtime's x86 kernels run fastest (uint8 activations, int8 weights).
#pragma once

#include <string>

#include "ir/graph.h"
#include "runtime/core/status.h"
#include "tools/command_line.h"

namespace edgeq::tools {

// The help text of the flag.
extern const char* const kOnnxActivationsHelp;

// True when `flag` says uint8, false when it says int8 or is absent; any other value is an error.
Result<bool> wants_uint8_activations(const ParsedArgs& args, const std::string& flag);

// Rewrites `graph`'s int8 activations as uint8 when `flag` says so (errors name `flag`).
Status apply_onnx_activations(const ParsedArgs& args, const std::string& flag, ir::Graph& graph);

}  // namespace edgeq::tools
