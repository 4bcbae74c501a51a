#include "runtime/core/op_type.h"

namespace edgeq {
namespace {

struct OpInfo {
  const char* name;
  OpArity arity;
};

constexpr OpInfo kOps[] = {
#define EDGEQ_OP(name, min_in, max_in, min_out, max_out) {#name, {min_in, max_in, min_out, max_out}},
#include "runtime/core/op_list.inc"
#undef EDGEQ_OP
};

}  // namespace

const char* op_name(OpType op) { return kOps[static_cast<int>(op)].name; }

const OpArity& op_arity(OpType op) { return kOps[static_cast<int>(op)].arity; }

Result<OpType> op_from_name(std::string_view name) {
  for (int i = 0; i < kNumOpTypes; ++i) {
    if (name == kOps[i].name) return static_cast<OpType>(i);
  }
  return not_found("unknown op '", name, "'");
}

Status check_arity(OpType op, int num_inputs, int num_outputs) {
  const OpArity& a = op_arity(op);
  if (num_inputs < a.min_inputs || (a.max_inputs >= 0 && num_inputs > a.max_inputs)) {
    return invalid_argument(op_name(op), " takes ", a.min_inputs, "..",
                            a.max_inputs < 0 ? std::string("n") : std::to_string(a.max_inputs),
                            " inputs, got ", num_inputs);
  }
  if (num_outputs < a.min_outputs || (a.max_outputs >= 0 && num_outputs > a.max_outputs)) {
    return invalid_argument(op_name(op), " has ", a.min_outputs, "..",
                            a.max_outputs < 0 ? std::string("n") : std::to_string(a.max_outputs),
                            " outputs, got ", num_outputs);
  }
  return Status::Ok();
}

}  // namespace edgeq
