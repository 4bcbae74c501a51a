// OpType: the enum generated from the one op list (runtime/core/op_list.inc), with each op's name
// and arity. Both the IR and the program file use it; programs store names, not numbers.
#pragma once

#include <string_view>

#include "runtime/core/status.h"

namespace edgeq {

enum class OpType {
#define EDGEQ_OP(name, ...) k##name,
#include "runtime/core/op_list.inc"
#undef EDGEQ_OP
};

constexpr int kNumOpTypes = 0
#define EDGEQ_OP(name, ...) +1
#include "runtime/core/op_list.inc"
#undef EDGEQ_OP
    ;

struct OpArity {
  int min_inputs;
  int max_inputs;   // -1: unbounded
  int min_outputs;
  int max_outputs;  // -1: unbounded
};

// The ONNX name: "Conv".
const char* op_name(OpType op);
const OpArity& op_arity(OpType op);
// Looks an op up by its ONNX name; NotFound names the op when it is not in the list.
Result<OpType> op_from_name(std::string_view name);
// Checks input/output counts against the op's arity; the error names the op and the counts.
Status check_arity(OpType op, int num_inputs, int num_outputs);

}  // namespace edgeq
