// --activations / --onnx-activations (tools/onnx_activations.h).
#include "tools/onnx_activations.h"

#include "ir/passes/activations_to_uint8.h"

namespace edgeq::tools {

const char* const kOnnxActivationsHelp =
    "int8 (default) | uint8: activation codes of the ONNX file; uint8 shifts codes and zero "
    "points by 128 (same values; weights stay int8), ONNX Runtime's fast x86 form";

Result<bool> wants_uint8_activations(const ParsedArgs& args, const std::string& flag) {
  const std::string dtype = args.text(flag, "int8");
  if (dtype == "int8") return false;
  if (dtype == "uint8") return true;
  return invalid_argument(flag, " takes int8 or uint8, not '", dtype, "'");
}

Status apply_onnx_activations(const ParsedArgs& args, const std::string& flag, ir::Graph& graph) {
  EDGEQ_ASSIGN_OR_RETURN(bool uint8, wants_uint8_activations(args, flag));
  if (!uint8) return Status::Ok();
  Status converted = ir::convert_activations_to_uint8(graph);
  if (!converted.ok()) return converted.with_context(str_cat(flag, " uint8"));
  return Status::Ok();
}

}  // namespace edgeq::tools
